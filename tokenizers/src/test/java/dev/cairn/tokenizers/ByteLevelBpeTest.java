package dev.cairn.tokenizers;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufMetadata;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The queue merge of long words gives exactly the pair-scanning merge; very long words stay fast. */
class ByteLevelBpeTest {
    private static final String[] ALPHABET = {" ", "a", "e", "t", "h", "in", "the", "ing", "Q", "z", "é", "中", "🦙", "1", ".",
            "'", "-", "\n", "ation", " the", "ll", "ss", "aaa", "    "};

    @Test
    void longWordMergeEqualsShortWordMerge() {
        ByteLevelBpeModel model;
        Vocabulary vocab;
        try (GgufFile file = GgufFile.open(FixtureTokenizers.gguf("gpt-2"))) {
            GgufMetadata meta = file.metadata();
            String[] pieces = meta.getStringArray("tokenizer.ggml.tokens").toArray(new String[0]);
            TokenType[] types = new TokenType[pieces.length];
            Arrays.fill(types, TokenType.NORMAL);
            vocab = new Vocabulary(pieces, types, null);
            List<String> merges = meta.getStringArray("tokenizer.ggml.merges");
            model = new ByteLevelBpeModel(vocab, merges, RegexSplitter.of(RegexSplitter.Preset.GPT2), false, -1, "gpt-2");
        }
        Random random = new Random(3);
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            byte[] utf8 = sb.toString().getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[utf8.length];
            for (int i = 0; i < utf8.length; i++) symbols[i] = vocab.id(String.valueOf(ByteLevel.charOf(utf8[i])));
            int[] scanned = model.mergeShort(symbols.clone(), symbols.length);
            int[] queued = model.mergeLong(symbols.clone(), symbols.length);
            assertArrayEquals(scanned, queued, sb::toString);
        }
    }

    @Test
    void veryLongWordsRoundTrip() {
        Tokenizer t = FixtureTokenizers.get("gpt-2");
        String letters = "a".repeat(200_000);
        assertEquals(letters, t.decode(t.encode(letters)));
        String spaces = " ".repeat(100_000) + "x";
        assertEquals(spaces, t.decode(t.encode(spaces)));
    }
}
