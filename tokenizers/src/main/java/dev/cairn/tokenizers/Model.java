package dev.cairn.tokenizers;

/** One tokenization algorithm: turns a stretch of plain text (no special tokens in it) into ids. */
sealed interface Model permits WordPieceModel, ByteLevelBpeModel, SentencePieceBpeModel, UnigramModel {

    /**
     * Appends the ids of {@code text} to {@code out}.
     *
     * @param inputStart the text begins the input (otherwise it follows a special token)
     */
    void encode(String text, boolean inputStart, IntList out);

    /** The raw bytes a token stands for in decoded text. */
    byte[] tokenBytes(int id);
}
