package dev.cairn.tokenizers;

import dev.cairn.gguf.GgufWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SentencePiece unigram on a small hand-made vocabulary (no real unigram vocabulary is available offline):
 * src/test/resources/unigram-tokenizer.json, and the same pieces as a GGUF with tokenizer.ggml.model = "t5".
 */
class UnigramTest {
    static Tokenizer json;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = UnigramTest.class.getResourceAsStream("/unigram-tokenizer.json")) {
            json = Tokenizers.fromTokenizerJson(in, "unigram-tokenizer.json");
        }
    }

    @Test
    void viterbiPicksTheBestScoringSplit() {
        assertEquals(Tokenizer.Algorithm.UNIGRAM, json.algorithm());
        // ▁hello (-3) beats ▁he + llo (-8); ▁world + ! (-8.5) beats ▁wor + ld + ! (-15)
        assertArrayEquals(new int[]{4, 7, 19}, json.encode("hello world!"));
        assertArrayEquals(new int[]{4, 7, 19, 1}, json.encode("hello world!", true, false));
        // "hel" has no piece: ▁he + l (-10) beats ▁ + h + e + l (-20)
        assertArrayEquals(new int[]{5, 12}, json.encode("hel"));
    }

    @Test
    void unknownCharactersFuseIntoOneUnk() {
        assertArrayEquals(new int[]{3, 2}, json.encode("QQ"));
        assertArrayEquals(new int[]{4, 3, 2, 7}, json.encode("hello QZ world"));
        assertEquals(2, json.specialIds().unk());
    }

    @Test
    void decodeRoundTrips() {
        assertEquals("hello world!", json.decode(json.encode("hello world!")));
        assertEquals("hello world!", json.decode(json.encode("hello world!", true, false), true));
        assertEquals("hello world!</s>", json.decode(json.encode("hello world!", true, false)));
    }

    @Test
    void specialTokenTextParsedOnRequest() {
        assertArrayEquals(new int[]{4, 1, 7}, json.encode("hello</s>world", false, true));
    }

    @Test
    void prependSchemeFirstOnlyAtTheStartOfTheInput() throws Exception {
        String text;
        try (InputStream in = UnigramTest.class.getResourceAsStream("/unigram-tokenizer.json")) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Tokenizer first = Tokenizers.fromTokenizerJson(new java.io.ByteArrayInputStream(
                text.replace("\"prepend_scheme\": \"always\"", "\"prepend_scheme\": \"first\"").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "first.json");
        // after the special token "world" gets no "▁": w o r ld
        assertArrayEquals(new int[]{4, 1, 14, 13, 15, 9}, first.encode("hello</s>world", false, true));
        assertArrayEquals(new int[]{4, 1, 7}, json.encode("hello</s>world", false, true), "prepend_scheme always");
    }

    @Test
    void whitespaceSplitDropsExtraWhitespace() throws Exception {
        String text;
        try (InputStream in = UnigramTest.class.getResourceAsStream("/unigram-tokenizer.json")) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String t5Style = text.replace("\"pre_tokenizer\": {\"type\": \"Metaspace\"",
                "\"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"WhitespaceSplit\"}, {\"type\": \"Metaspace\"");
        t5Style = t5Style.replace("\"split\": true},\n  \"post_processor\"", "\"split\": true}]},\n  \"post_processor\"");
        Tokenizer t = Tokenizers.fromTokenizerJson(new java.io.ByteArrayInputStream(t5Style.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "t5-style.json");
        assertArrayEquals(new int[]{4, 7, 19}, t.encode("  hello \n\t world!  "));
        assertArrayEquals(new int[0], t.encode(" \n\t "), "whitespace alone has no words");
        assertArrayEquals(new int[]{4, 3, 7}, json.encode("hello  world"), "without WhitespaceSplit the extra space is a piece");
    }

    @Test
    void t5Gguf(@TempDir Path dir) {
        List<String> pieces = new ArrayList<>();
        float[] scores = new float[20];
        int[] types = new int[20];
        for (int id = 0; id < 20; id++) {
            pieces.add(json.piece(id));
            types[id] = id == 2 ? 2 : id < 2 ? 3 : 1;
        }
        float[] s = {0, 0, 0, -2, -3, -4, -4, -3.5f, -5, -5, -6, -6, -6, -6, -6, -6, -6, -5.5f, -6, -5};
        System.arraycopy(s, 0, scores, 0, 20);
        Path file = dir.resolve("t5-vocab.gguf");
        new GgufWriter().putString("tokenizer.ggml.model", "t5").putStringArray("tokenizer.ggml.tokens", pieces)
                .putFloatArray("tokenizer.ggml.scores", scores).putIntArray("tokenizer.ggml.token_type", types)
                .putUInt32("tokenizer.ggml.eos_token_id", 1).putUInt32("tokenizer.ggml.unknown_token_id", 2)
                .putUInt32("tokenizer.ggml.padding_token_id", 0).write(file);
        Tokenizer t5 = Tokenizers.fromGguf(file);
        assertEquals(Tokenizer.Algorithm.UNIGRAM, t5.algorithm());
        // T5 collapses runs of spaces and runs Viterbi over the whole text
        assertArrayEquals(new int[]{4, 7, 19}, t5.encode("hello   world!"));
        assertArrayEquals(new int[]{4, 7, 19, 1}, t5.encode("hello world!", true, false));
        assertEquals("hello world!", t5.decode(t5.encode("hello world!")));
    }
}
