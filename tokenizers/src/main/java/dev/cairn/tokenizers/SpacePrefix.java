package dev.cairn.tokenizers;

/** Where a SentencePiece tokenizer puts its dummy space ("▁") in front of text. */
enum SpacePrefix {
    /** Never (Gemma; add_space_prefix = false). */
    NONE,
    /** Before every stretch of text between special tokens (llama.cpp; Hugging Face's Prepend normalizer). */
    EVERY_SEGMENT,
    /** Before every stretch that does not already start with a space (Metaspace, prepend_scheme "always"). */
    UNLESS_SPACE,
    /** Only at the start of the input, unless it starts with a space (Metaspace, prepend_scheme "first"). */
    INPUT_START;

    String apply(String text, boolean inputStart) {
        boolean add = switch (this) {
            case NONE -> false;
            case EVERY_SEGMENT -> true;
            case UNLESS_SPACE -> !text.startsWith(" ");
            case INPUT_START -> inputStart && !text.startsWith(" ");
        };
        return add ? " " + text : text;
    }
}
