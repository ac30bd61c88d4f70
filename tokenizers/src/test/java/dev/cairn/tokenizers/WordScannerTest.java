package dev.cairn.tokenizers;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written GPT-2 / Llama 3 / Qwen2 scanners split exactly as the regular expressions do. */
class WordScannerTest {
    private static final String[] ALPHABET = {
            "a", "b", "Z", "é", "ß", "Ж", "中", "の", "1", "7", "٣", "½", "Ⅻ", " ", " ", " ", "  ", "\t", "\n", "\r", "\r\n",
            "\u00a0", "\u3000", "\u2009", "'", "'s", "'S", "'re", "'LL", "'d", "'x", "!", ".", ",", "-", "$", "(", ")", "…",
            "🦙", "😀", "\u200d", "\u0301", "x'", "\u000b"};

    @Test
    void scannersMatchTheExpressions() {
        for (RegexSplitter.Preset preset : List.of(RegexSplitter.Preset.GPT2, RegexSplitter.Preset.LLAMA3,
                RegexSplitter.Preset.QWEN2, RegexSplitter.Preset.STARCODER, RegexSplitter.Preset.FALCON)) {
            RegexSplitter fast = RegexSplitter.of(preset);
            RegexSplitter slow = RegexSplitter.regexOnly(List.of(preset.patterns));
            Random random = new Random(42);
            for (int round = 0; round < 3000; round++) {
                StringBuilder sb = new StringBuilder();
                int len = random.nextInt(12);
                for (int i = 0; i < len; i++) sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
                String text = sb.toString();
                assertArrayEquals(slow.split(text), fast.split(text), () -> preset + ": " + GgufVocabVectorsTest.printable(text));
            }
        }
    }

    @Test
    void everyPresetCoversTheText() {
        for (RegexSplitter.Preset preset : RegexSplitter.Preset.values()) {
            RegexSplitter splitter = RegexSplitter.of(preset);
            Random random = new Random(7);
            for (int round = 0; round < 300; round++) {
                StringBuilder sb = new StringBuilder();
                for (int i = random.nextInt(16); i > 0; i--) sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
                String text = sb.toString();
                int[] bounds = splitter.split(text);
                int at = 0;
                for (int k = 0; k < bounds.length; k += 2) {
                    assertEquals(at, bounds[k], () -> preset + ": " + GgufVocabVectorsTest.printable(text));
                    assertTrue(bounds[k + 1] > bounds[k]);
                    at = bounds[k + 1];
                }
                assertEquals(text.length(), at);
            }
        }
    }

    @Test
    void deepseekLlmSplitsLettersPunctuationAndNumbers() {
        RegexSplitter splitter = RegexSplitter.of(RegexSplitter.Preset.DEEPSEEK_LLM);
        assertEquals(List.of("Hello", " world", "!", " ", "123", "\n", "中文"), pieces(splitter, "Hello world! 123\n中文"));
    }

    private static List<String> pieces(RegexSplitter splitter, String text) {
        int[] bounds = splitter.split(text);
        List<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < bounds.length; k += 2) out.add(text.substring(bounds[k], bounds[k + 1]));
        return out;
    }
}
