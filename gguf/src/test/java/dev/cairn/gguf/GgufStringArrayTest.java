package dev.cairn.gguf;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * String arrays are read as the file's bytes and decoded per element on access ({@link GgufStringList}): they must
 * read back exactly as written, decode malformed UTF-8 as {@code new String(bytes, UTF_8)} does, and a corrupt
 * length inside an array must still fail at open, naming the element.
 */
class GgufStringArrayTest {

    private static GgufMetadata read(byte[] bytes) {
        return GgufReader.read(MemorySegment.ofArray(bytes), "test.gguf").metadata();
    }

    @Test
    void readsBackWhatWasWritten() {
        List<String> strings = new ArrayList<>(List.of("", "a", "héllo wörld", "日本語", "😀", "Ġthe", "a b"));
        for (int i = 0; i < 1000; i++) strings.add("token" + i);
        byte[] file = new GgufWriter().putStringArray("tokenizer.ggml.tokens", strings)
                .putStringArray("empty", List.of()).putString("after", "still here").toBytes();
        GgufMetadata md = read(file);

        List<String> back = md.getStringArray("tokenizer.ggml.tokens");
        assertEquals(strings, back);
        assertEquals(strings.size(), back.size());
        assertEquals("日本語", back.get(3));
        assertEquals(strings.hashCode(), back.hashCode());
        assertEquals(List.of(), md.getStringArray("empty"));
        assertEquals("still here", md.getString("after"), "the reader continues after the arrays");
        assertThrows(IndexOutOfBoundsException.class, () -> back.get(strings.size()));
        assertThrows(IndexOutOfBoundsException.class, () -> back.get(-1));
        assertThrows(UnsupportedOperationException.class, () -> back.set(0, "x"));
    }

    @Test
    void malformedUtf8DecodesAsTheJdkDoes() {
        byte[] file = new GgufWriter().putStringArray("k", List.of("ab", "cd")).toBytes();
        // replace the bytes of "cd" (after "ab" and its 8-byte length) with an invalid sequence
        int at = indexOf(file, "abxxxxxxxxcd".length(), "ab") + 10;
        assertEquals('c', file[at]);
        file[at] = (byte) 0xC3;
        file[at + 1] = (byte) 0x28;
        List<String> back = read(file).getStringArray("k");
        assertEquals(new String(new byte[] {(byte) 0xC3, 0x28}, StandardCharsets.UTF_8), back.get(1));
        assertEquals("ab", back.get(0));
    }

    private static int indexOf(byte[] bytes, int span, String start) {
        byte[] s = start.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + span <= bytes.length; i++) {
            if (bytes[i] == s[0] && bytes[i + 1] == s[1]) return i;
        }
        throw new AssertionError(start + " not found");
    }

    @Test
    void corruptLengthInsideAnArrayNamesTheElement() {
        byte[] file = new GgufWriter().putStringArray("tokenizer.ggml.merges", List.of("a b", "c d", "e f")).toBytes();
        // header 24 bytes, key: length 8 + 21 bytes, value type 4, element type 4, count 8, then the elements
        int first = 24 + 8 + "tokenizer.ggml.merges".length() + 4 + 4 + 8;
        int third = first + 2 * (8 + 3);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(third, 1L << 40);
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> read(file));
        assertTrue(e.getMessage().contains("tokenizer.ggml.merges' element 2") && e.getMessage().contains("test.gguf"), e.getMessage());
    }
}
