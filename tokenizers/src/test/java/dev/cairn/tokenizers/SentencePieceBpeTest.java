package dev.cairn.tokenizers;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufMetadata;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The pair-scanning merge of short words gives exactly the priority-queue merge, on the Llama 2 vocabulary. */
class SentencePieceBpeTest {
    private static final String[] ALPHABET = {"▁", "▁▁", "a", "e", "t", "h", "in", "the", "ing", "Q", "z", "é", "ß", "中", "文",
            "🦙", "1", "2", ".", ",", "'", "-", "\n", "\t", "ation", "▁the", "ll", "ss"};

    @Test
    void shortWordMergeEqualsQueueMerge() {
        String[] pieces;
        float[] scores;
        int[] typeCodes;
        try (GgufFile file = GgufFile.open(FixtureTokenizers.gguf("llama-spm"))) {
            GgufMetadata meta = file.metadata();
            List<String> tokens = meta.getStringArray("tokenizer.ggml.tokens");
            pieces = tokens.toArray(new String[0]);
            scores = meta.getFloatArray("tokenizer.ggml.scores");
            typeCodes = meta.getIntArray("tokenizer.ggml.token_type");
        }
        TokenType[] types = new TokenType[pieces.length];
        float[] mergeScores = new float[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            types[i] = TokenType.fromGguf(typeCodes[i]);
            mergeScores[i] = types[i] == TokenType.NORMAL ? scores[i] : Float.NaN;
        }
        SentencePieceBpeModel model = new SentencePieceBpeModel(new Vocabulary(pieces, types, scores), mergeScores,
                SpacePrefix.EVERY_SEGMENT, 0);
        Random random = new Random(11);
        for (int round = 0; round < 5000; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            String word = sb.toString();
            IntList queue = new IntList(8);
            IntList scan = new IntList(8);
            model.encodeSequence(word, queue);
            model.encodeShort(word, scan);
            assertArrayEquals(queue.toArray(), scan.toArray(), () -> word + " " + Arrays.toString(queue.toArray()));
        }
    }
}
