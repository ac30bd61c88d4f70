package dev.cairn.rag;

import java.util.function.ToIntFunction;

/**
 * The token counter used when no tokenizer is plugged in: a WordPiece-shaped estimate that counts each
 * punctuation mark as one token and each run of letters or digits as one token plus one more per ten
 * characters. It errs high for English prose, so chunks stay within a real model's limit.
 */
public final class TokenEstimate implements ToIntFunction<String> {
    public static final TokenEstimate INSTANCE = new TokenEstimate();

    private TokenEstimate() {}

    @Override
    public int applyAsInt(String text) {
        int tokens = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                run++;
                continue;
            }
            if (run > 0) {
                tokens += 1 + run / 10;
                run = 0;
            }
            if (!Character.isWhitespace(c) && !Character.isLowSurrogate(c)) tokens++;
        }
        if (run > 0) tokens += 1 + run / 10;
        return tokens;
    }

    @Override
    public String toString() {
        return "estimate";
    }
}
