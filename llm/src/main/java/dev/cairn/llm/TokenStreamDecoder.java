package dev.cairn.llm;

import dev.cairn.tokenizers.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns generated tokens into text as they arrive, never emitting half a UTF-8 character: a character split
 * across byte-fallback tokens ({@code <0xE2>}, {@code <0x82>}, {@code <0xAC>}) is held back until its last byte
 * comes. Control tokens (BOS, EOS, end-of-turn) contribute no text. {@link #flush()} writes what is left, bytes
 * of a character that never completed as U+FFFD. One decoder per stream; not thread-safe.
 */
public final class TokenStreamDecoder {
    private final Tokenizer tokenizer;
    private byte[] pending = new byte[16];
    private int length;

    public TokenStreamDecoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text that {@code token} completes; empty while a character is still incomplete. */
    public String append(int token) {
        if (tokenizer.isSpecial(token)) return "";
        return append(tokenizer.tokenBytes(token));
    }

    /** The text that {@code bytes} complete (UTF-8). */
    public String append(byte[] bytes) {
        if (length + bytes.length > pending.length) pending = Arrays.copyOf(pending, Math.max(2 * pending.length, length + bytes.length));
        System.arraycopy(bytes, 0, pending, length, bytes.length);
        length += bytes.length;
        int complete = completePrefix();
        String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(pending, complete, pending, 0, length - complete);
        length -= complete;
        return text;
    }

    /** The bytes held back, decoded (an unfinished character becomes U+FFFD); the decoder is then empty. */
    public String flush() {
        String text = new String(pending, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return text;
    }

    /** How many leading bytes of {@code pending} end on a character boundary (an invalid sequence counts as ended). */
    private int completePrefix() {
        // find the last lead byte among the final four; continuation bytes are 10xxxxxx
        for (int i = length - 1; i >= Math.max(0, length - 4); i--) {
            int b = pending[i] & 0xFF;
            if ((b & 0xC0) == 0x80) continue;
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length - i < needed && b < 0xF8 ? i : length;
        }
        return length; // only continuation bytes: invalid, let the decoder replace them
    }
}
