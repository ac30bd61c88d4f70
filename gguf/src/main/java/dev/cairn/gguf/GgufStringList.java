package dev.cairn.gguf;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A metadata array of strings held as the file's UTF-8 bytes, each string decoded when read (readers that keep
 * them, like a tokenizer's vocabulary, copy them out once). A Llama 3 vocabulary is 128k tokens and 280k merges:
 * decoding them eagerly was most of a model's open time, and a tokenizer may never read the merges.
 * Unmodifiable and immutable. Malformed UTF-8 decodes to U+FFFD, as {@code new String(bytes, UTF_8)}.
 */
final class GgufStringList extends AbstractList<String> implements RandomAccess {
    /** The array's bytes as in the file: each string's bytes, with the next one's 8-byte length between. */
    private final byte[] bytes;
    /** Where string i's bytes start in {@link #bytes}; {@code starts[size]} is the end of the last plus 8. */
    private final int[] starts;

    GgufStringList(byte[] bytes, int[] starts) {
        this.bytes = bytes;
        this.starts = starts;
    }

    @Override
    public String get(int index) {
        if (index < 0 || index >= size()) throw new IndexOutOfBoundsException("index " + index + ", size " + size());
        return new String(bytes, starts[index], byteLength(index), StandardCharsets.UTF_8);
    }

    /** The length in bytes of string {@code index}'s UTF-8 form. */
    int byteLength(int index) {
        return starts[index + 1] - 8 - starts[index];
    }

    @Override
    public int size() {
        return starts.length - 1;
    }
}
