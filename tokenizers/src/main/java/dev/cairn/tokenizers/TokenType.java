package dev.cairn.tokenizers;

/** Kinds of vocabulary entries, numbered as GGUF's tokenizer.ggml.token_type stores them. */
enum TokenType {
    NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    static TokenType fromGguf(int code) {
        return switch (code) {
            case 2 -> UNKNOWN;
            case 3 -> CONTROL;
            case 4 -> USER_DEFINED;
            case 5 -> UNUSED;
            case 6 -> BYTE;
            default -> NORMAL;
        };
    }
}
