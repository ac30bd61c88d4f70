package dev.cairn.tokenizers;

/**
 * Turns text into token ids and back. Instances are immutable and thread-safe.
 * Create them with {@link Tokenizers}.
 */
public interface Tokenizer {

    /** The tokenization algorithm behind a tokenizer. */
    enum Algorithm { WORDPIECE, BYTE_LEVEL_BPE, SENTENCEPIECE_BPE, UNIGRAM }

    /** Special token ids; -1 where the vocabulary has none. */
    record SpecialIds(int bos, int eos, int unk, int pad, int cls, int sep) {}

    /** Encodes without BOS/EOS or template tokens; special-token text such as "<s>" is treated as plain text. */
    default int[] encode(String text) {
        return encode(text, false, false);
    }

    /**
     * Encodes {@code text}.
     *
     * @param addSpecialTokens add BOS/EOS as the GGUF asks (add_bos_token/add_eos_token), or the tokenizer.json
     *                         post-processor's tokens (e.g. [CLS] ... [SEP])
     * @param parseSpecial     recognise special tokens written in the text (e.g. "&lt;|eot_id|&gt;") as single tokens
     */
    int[] encode(String text, boolean addSpecialTokens, boolean parseSpecial);

    /** Wraps ids encoded without special tokens (e.g. after truncation) the way {@code addSpecialTokens} would. */
    int[] addSpecialTokens(int[] ids);

    /** How many ids {@link #addSpecialTokens(int[])} adds. */
    default int specialTokenCount() {
        return addSpecialTokens(new int[0]).length;
    }

    /** Decodes ids to text, writing special tokens as their text. */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * Decodes ids to text; {@code skipSpecialTokens} leaves out control tokens (BOS, EOS, [CLS], ...). Bytes that do
     * not form whole UTF-8 characters (a sequence cut inside a character) become U+FFFD. Throws
     * IllegalArgumentException for an id outside the vocabulary.
     */
    String decode(int[] ids, boolean skipSpecialTokens);

    /**
     * The raw UTF-8 bytes token {@code id} contributes to decoded text (a byte-fallback or byte-level token may hold
     * part of a character). Concatenating them gives {@link #decode(int[])}'s bytes, except that decode drops the
     * leading space a SentencePiece tokenizer adds, and WordPiece decode joins words with its own rules.
     */
    byte[] tokenBytes(int id);

    /** The token's string as the vocabulary stores it (e.g. "▁Hello", "Ġworld", "##ing", "&lt;0x0A&gt;"). */
    String piece(int id);

    /** The id of a vocabulary string, or -1. */
    int tokenId(String piece);

    /** Whether a token is a control or special token (BOS, EOS, [CLS], added special tokens). */
    boolean isSpecial(int id);

    int vocabSize();

    SpecialIds specialIds();

    Algorithm algorithm();
}
