package dev.cairn.tokenizers;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bge-small-en-v1.5's tokenizer.json (BERT WordPiece, TemplateProcessing [CLS] $A [SEP]). */
class TokenizerJsonTest {
    static Tokenizer bge;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = TokenizerJsonTest.class.getResourceAsStream("/bge-small-en-v1.5-tokenizer.json")) {
            bge = Tokenizers.fromTokenizerJson(in, "bge-small-en-v1.5-tokenizer.json");
        }
    }

    @Test
    void helloWorldWithTemplate() {
        assertArrayEquals(new int[]{101, 7592, 2088, 102}, bge.encode("Hello world", true, false));
        assertArrayEquals(new int[]{7592, 2088}, bge.encode("Hello world"));
        assertArrayEquals(new int[]{101, 7592, 2088, 102}, bge.addSpecialTokens(new int[]{7592, 2088}));
        assertEquals(2, bge.specialTokenCount());
    }

    @Test
    void knownSentences() {
        // ids checked against the vocabulary by hand: punctuation split, lowercased, ## continuations
        assertArrayEquals(new int[]{7592, 1010, 2088, 999}, bge.encode("Hello, world!"));
        assertEquals("[CLS] hello, world! [SEP]", bge.decode(bge.encode("Hello, World!", true, false)));
        assertEquals("hello, world!", bge.decode(bge.encode("Hello, World!", true, false), true));
        // "Äpfel" strips the accent: ap ##fe ##l
        assertArrayEquals(new int[]{9706, 7959, 2140}, bge.encode("Äpfel"));
    }

    @Test
    void specialIdsAndPieces() {
        Tokenizer.SpecialIds ids = bge.specialIds();
        assertEquals(101, ids.cls());
        assertEquals(102, ids.sep());
        assertEquals(100, ids.unk());
        assertEquals(0, ids.pad());
        assertEquals(30522, bge.vocabSize());
        assertEquals("hello", bge.piece(7592));
        assertEquals(7592, bge.tokenId("hello"));
        assertEquals(-1, bge.tokenId("no-such-piece"));
        assertTrue(bge.isSpecial(101));
        assertEquals(Tokenizer.Algorithm.WORDPIECE, bge.algorithm());
    }

    @Test
    void specialTokensParsedOnlyWhenAsked() {
        assertArrayEquals(new int[]{101, 7592, 102}, bge.encode("[CLS] hello [SEP]", false, true));
        int[] plain = bge.encode("[CLS] hello [SEP]");
        assertEquals(-1, Arrays.stream(plain).filter(id -> id == 101 || id == 102).findAny().orElse(-1));
    }

    @Test
    void capitalSigmaLowercasesCharacterByCharacterAsHuggingFace() {
        // String.toLowerCase turns a word-final Σ into ς; HF's BertNormalizer lowercases per character (σ)
        assertEquals(bge.decode(bge.encode("σοφοσ")), bge.decode(bge.encode("ΣΟΦΟΣ")));
        assertArrayEquals(bge.encode("σοφοσ"), bge.encode("ΣΟΦΟΣ"));
    }

    @Test
    void longWordBecomesUnknown() {
        assertArrayEquals(new int[]{100}, bge.encode("a".repeat(101)));
        assertTrue(bge.encode("a".repeat(100)).length > 1);
    }

    @Test
    void decodeNormalizesAsWordPieceDoes() {
        String text = "The quick brown fox, naïve café, doesn't jump.";
        // as Hugging Face's WordPiece decoder: lowercased, accents gone, cleanup per token (so "doesn ' t" stays)
        assertEquals("the quick brown fox, naive cafe, doesn ' t jump.", bge.decode(bge.encode(text)));
    }

    /** The tokenizer.json and llama.cpp's GGUF of the same vocabulary agree on all llama.cpp's vectors. */
    @Test
    void matchesTheBertBgeVectors() throws Exception {
        Path gguf = Fixtures.fixture("tokenizers/ggml-vocab-bert-bge.gguf");
        VocabVectors vectors = VocabVectors.read(Path.of(gguf + ".inp"), Path.of(gguf + ".out"));
        for (int i = 0; i < vectors.texts().size(); i++) {
            String text = vectors.texts().get(i);
            assertArrayEquals(vectors.ids().get(i), bge.encode(text), () -> GgufVocabVectorsTest.printable(text));
        }
    }
}
