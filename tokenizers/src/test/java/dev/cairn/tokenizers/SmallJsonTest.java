package dev.cairn.tokenizers;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tokenizer.json features on tiny hand-written vocabularies. */
class SmallJsonTest {
    private static Tokenizer json(String text) {
        return Tokenizers.fromTokenizerJson(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "small.json");
    }

    // byte-level: Ġ = space, Ã© = the UTF-8 bytes of é
    private static final String BYTE_LEVEL_MODEL = """
            "model": {"type": "BPE", "vocab": {"Ġ": 0, "h": 1, "i": 2, "Ġh": 3, "Ġhi": 4, "Ã": 5, "©": 6, "Ã©": 7, "<|end|>": 8},
                      "merges": ["Ġ h", "Ġh i", "Ã ©"]}""";

    @Test
    void byteLevelWithPrefixSpaceNfcAndRoberta() {
        Tokenizer t = json("""
                {"normalizer": {"type": "NFC"},
                 "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": true, "use_regex": true},
                 "post_processor": {"type": "RobertaProcessing", "sep": ["<|end|>", 8], "cls": ["<|end|>", 8]},
                 "added_tokens": [{"id": 8, "content": "<|end|>", "special": true}],
                 "decoder": {"type": "ByteLevel"},
                """ + BYTE_LEVEL_MODEL + "}");
        assertEquals(Tokenizer.Algorithm.BYTE_LEVEL_BPE, t.algorithm());
        assertArrayEquals(new int[]{4}, t.encode("hi"));
        assertArrayEquals(new int[]{8, 4, 8}, t.encode("hi", true, false));
        // "e" + combining acute is composed to é by NFC before the bytes are looked up
        assertArrayEquals(new int[]{0, 7}, t.encode("e\u0301"));
        assertArrayEquals(new int[]{0, 7}, t.encode("\u00e9"));
        assertEquals(" hi", t.decode(new int[]{4}));
    }

    @Test
    void splitBehaviorOtherThanIsolatedIsRefused() {
        TokenizerException e = assertThrows(TokenizerException.class, () -> json("""
                {"pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                    {"type": "Split", "pattern": {"Regex": "\\\\s+"}, "behavior": "Removed", "invert": false},
                    {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]},
                """ + BYTE_LEVEL_MODEL + "}"));
        assertTrue(e.getMessage().contains("Removed"), e.getMessage());
    }

    @Test
    void unsupportedNormalizerIsRefused() {
        TokenizerException e = assertThrows(TokenizerException.class, () -> json("""
                {"normalizer": {"type": "ByteLevelMagic"}, "pre_tokenizer": {"type": "ByteLevel"},
                """ + BYTE_LEVEL_MODEL + "}"));
        assertTrue(e.getMessage().startsWith("small.json: ") && e.getMessage().contains("ByteLevelMagic"), e.getMessage());
    }

    @Test
    void bertProcessingAndLowercaseSequence() {
        Tokenizer t = json("""
                {"normalizer": {"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "Lowercase"}, {"type": "StripAccents"}]},
                 "pre_tokenizer": {"type": "BertPreTokenizer"},
                 "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
                 "added_tokens": [{"id": 2, "content": "[CLS]", "special": true}, {"id": 3, "content": "[SEP]", "special": true}],
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "cafe": 1, "[CLS]": 2, "[SEP]": 3, "##s": 4}}}
                """);
        assertArrayEquals(new int[]{2, 1, 4, 0, 3}, t.encode("CAFÉS zzz", true, false));
        assertEquals("cafes [UNK]", t.decode(t.encode("CAFÉS zzz", true, false), true));
    }
}
