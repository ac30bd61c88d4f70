package dev.cairn.tokenizers;

/** One tokenization algorithm: turns a stretch of plain text (no special tokens in it) into ids. */
sealed interface Model permits WordPieceModel, ByteLevelBpeModel, SentencePieceBpeModel, UnigramModel {

    /**
     * Appends the ids of {@code text} to {@code out}.
     *
     * @param atStart the text begins the input or follows a special token (SentencePiece adds its space prefix there)
     */
    void encode(String text, boolean atStart, IntList out);

    /** The raw bytes a token stands for in decoded text. */
    byte[] tokenBytes(int id);
}
