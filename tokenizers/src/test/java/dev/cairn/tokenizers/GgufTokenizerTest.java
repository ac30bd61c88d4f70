package dev.cairn.tokenizers;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Special tokens, BOS/EOS, piece lookup and streaming bytes on the fixture GGUF vocabularies. */
class GgufTokenizerTest {

    private static Tokenizer load(String name) {
        return FixtureTokenizers.get(name);
    }

    private static byte[] streamed(Tokenizer t, int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) out.writeBytes(t.tokenBytes(id));
        return out.toByteArray();
    }

    private static boolean isWholeUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void llama3SpecialTokensAndBos() {
        Tokenizer t = load("llama3");
        assertEquals(Tokenizer.Algorithm.BYTE_LEVEL_BPE, t.algorithm());
        assertEquals(128256, t.vocabSize());
        assertEquals(128000, t.specialIds().bos());
        assertEquals(128009, t.specialIds().eos());
        assertArrayEquals(new int[]{128000, 9906, 1917}, t.encode("Hello world", true, false));
        assertArrayEquals(new int[]{128000, 9906, 128009}, t.encode("<|begin_of_text|>Hello<|eot_id|>", false, true));
        int[] plain = t.encode("<|eot_id|>");
        assertTrue(plain.length > 1, "special token text is plain text unless parsing is asked for");
        assertEquals("<|eot_id|>", t.decode(plain));
        assertEquals("Hello<|eot_id|>", t.decode(new int[]{9906, 128009}));
        assertEquals("Hello", t.decode(new int[]{128000, 9906, 128009}, true));
        assertTrue(t.isSpecial(128009));
        assertFalse(t.isSpecial(9906));
        assertEquals("Ġworld", t.piece(1917));
        assertEquals(1917, t.tokenId("Ġworld"));
    }

    @Test
    void byteLevelTokensCarryPartialCharacters() {
        Tokenizer t = load("gpt-2");
        String text = "emoji 🦙 and ☃ split";
        int[] ids = t.encode(text);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), streamed(t, ids));
        boolean partial = false;
        for (int id : ids) partial |= !isWholeUtf8(t.tokenBytes(id));
        assertTrue(partial, "some token holds only part of a character's bytes");
        assertEquals(text, t.decode(ids));
    }

    @Test
    void sentencePieceByteFallbackAndSpacePrefix() {
        Tokenizer t = load("llama-spm");
        assertEquals(Tokenizer.Algorithm.SENTENCEPIECE_BPE, t.algorithm());
        assertArrayEquals(new int[]{1, 15043, 3186}, t.encode("Hello world", true, false));
        assertEquals("▁Hello", t.piece(15043));
        // a character outside the vocabulary falls back to its UTF-8 bytes: 🦙 = F0 9F A6 99
        int[] ids = t.encode("🦙");
        int f0 = t.tokenId("<0xF0>");
        assertEquals(f0, ids[ids.length - 4]);
        assertArrayEquals(new byte[]{(byte) 0xF0}, t.tokenBytes(f0));
        assertEquals("🦙", t.decode(ids));
        assertArrayEquals((" " + "🦙").getBytes(StandardCharsets.UTF_8), streamed(t, ids));
        // after a special token the space prefix is added again, as llama.cpp does
        assertArrayEquals(new int[]{1, 15043}, t.encode("<s>Hello", false, true));
        assertEquals("Hello world", t.decode(new int[]{1, 15043, 3186, 2}, true));
    }

    @Test
    void bertGgufAddsClsAndSep() {
        Tokenizer t = load("bert-bge");
        assertEquals(Tokenizer.Algorithm.WORDPIECE, t.algorithm());
        assertArrayEquals(new int[]{101, 7592, 2088, 102}, t.encode("Hello world", true, false));
        assertEquals(101, t.specialIds().cls());
        assertEquals(102, t.specialIds().sep());
        assertEquals("▁hello", t.piece(7592));
        assertEquals("hello world", t.decode(new int[]{101, 7592, 2088, 102}, true));
        assertEquals("[CLS] hello world [SEP]", t.decode(new int[]{101, 7592, 2088, 102}));
    }

    @Test
    void sharedAcrossThreads() throws Exception {
        Tokenizer t = FixtureTokenizers.get("llama3");
        VocabVectors vectors = VocabVectors.read(Path.of(FixtureTokenizers.gguf("llama3") + ".inp"),
                Path.of(FixtureTokenizers.gguf("llama3") + ".out"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < vectors.texts().size(); i++) {
                            // a fresh string each time, so the word cache is read and written concurrently
                            String text = new String(vectors.texts().get(i).toCharArray()) + (round % 2 == 0 ? "" : " x" + round);
                            int[] ids = t.encode(text);
                            if (round % 2 == 0 && !Arrays.equals(vectors.ids().get(i), ids)) return false;
                            if (!t.decode(ids).equals(text)) return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) assertTrue(r.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
