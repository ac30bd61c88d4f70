package dev.cairn.tokenizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words with one or more regular expressions, as byte-level BPE pre-tokenizers do. Each
 * expression splits every piece the previous one produced into its matches and the text between them; an
 * expression never sees past the piece it splits (so lookaheads stop at piece boundaries).
 */
final class RegexSplitter {
    /** The characters of Unicode White_Space, for use inside a character class. */
    static final String WS = "\\t\\n\\x0B\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";

    private static final String CONTRACTIONS = "'s|'t|'re|'ve|'m|'ll|'d";
    private static final String GPT2 = CONTRACTIONS + "| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    private static final String LLAMA3 = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String QWEN2 = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String LLAMA3_HF = "(?i:'s|'t|'re|'ve|'m|'ll|'d)"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String QWEN2_HF = "(?i:'s|'t|'re|'ve|'m|'ll|'d)"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String CJK = "[\\x{4E00}-\\x{9FA5}\\x{0800}-\\x{4E00}\\x{AC00}-\\x{D7FF}]+";

    /** The pre-tokenizers of llama.cpp's tokenizer.ggml.pre values. */
    enum Preset {
        GPT2(RegexSplitter.GPT2),
        LLAMA3(RegexSplitter.LLAMA3),
        QWEN2(RegexSplitter.QWEN2),
        STARCODER("\\p{N}", RegexSplitter.GPT2),
        FALCON("[\\p{P}\\$\\+<=>\\^~\\|`]+", RegexSplitter.GPT2, "[0-9][0-9][0-9]"),
        DEEPSEEK_CODER("[\\r\\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", CJK, "\\p{N}"),
        // llama.cpp lists the cased letters (Lu, Ll, Lt) range by range
        DEEPSEEK_LLM("[\\r\\n]", "\\s?[\\p{Lu}\\p{Ll}\\p{Lt}]+", "\\s?[!-/:-~\\x{FF01}-\\x{FF0F}\\x{FF1A}-\\x{FF5E}\\x{2018}-\\x{201F}\\x{3000}-\\x{3002}]+",
                "\\s+$", CJK, "\\p{N}+"),
        DEFAULT("[\\p{P}\\$\\+<=>\\^~\\|]+", RegexSplitter.GPT2, "\\p{N}+", "[0-9][0-9][0-9]");

        final String[] patterns;

        Preset(String... patterns) {
            this.patterns = patterns;
        }

        /** The preset for a GGUF tokenizer.ggml.pre value, or null when it is not supported. */
        static Preset forGgufName(String pre) {
            return switch (pre.toLowerCase(Locale.ROOT)) {
                case "default" -> DEFAULT;
                case "llama3", "llama-bpe", "llama-v3", "dbrx", "smaug-bpe", "falcon3", "pixtral", "bailingmoe",
                     "megrez", "tekken", "superbpe", "trillion" -> LLAMA3;
                case "gpt-2", "gpt2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v1-en", "jina-v2-es", "jina-v2-de",
                     "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais" -> GPT2;
                case "qwen2", "deepseek-r1-qwen", "stablelm2", "hunyuan", "qwen3" -> QWEN2;
                case "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b" -> STARCODER;
                case "falcon" -> FALCON;
                case "deepseek-coder" -> DEEPSEEK_CODER;
                case "deepseek-llm" -> DEEPSEEK_LLM;
                default -> null;
            };
        }
    }

    /** Per stage: a compiled expression, or null where {@link #scanners} has a hand-written equivalent. */
    private final Pattern[] patterns;
    private final WordScanner[] scanners;

    RegexSplitter(List<String> regexes) {
        this.patterns = new Pattern[regexes.size()];
        this.scanners = new WordScanner[regexes.size()];
        for (int i = 0; i < patterns.length; i++) {
            scanners[i] = scannerFor(regexes.get(i));
            if (scanners[i] == null) patterns[i] = Pattern.compile(translate(regexes.get(i)));
        }
    }

    /** A splitter that only uses java.util.regex (to check the hand-written scanners against). */
    static RegexSplitter regexOnly(List<String> regexes) {
        RegexSplitter splitter = new RegexSplitter(regexes);
        for (int i = 0; i < splitter.patterns.length; i++) {
            splitter.scanners[i] = null;
            splitter.patterns[i] = Pattern.compile(translate(regexes.get(i)));
        }
        return splitter;
    }

    private static WordScanner scannerFor(String regex) {
        if (regex.equals(GPT2)) return WordScanner.GPT2;
        if (regex.equals(LLAMA3) || regex.equals(LLAMA3_HF)) return WordScanner.LLAMA3;
        if (regex.equals(QWEN2) || regex.equals(QWEN2_HF)) return WordScanner.QWEN2;
        return null;
    }

    static RegexSplitter of(Preset preset) {
        return new RegexSplitter(List.of(preset.patterns));
    }

    /** The GPT-2 expression (tokenizer.json ByteLevel with use_regex). */
    static String gpt2Pattern() {
        return GPT2;
    }

    /** Splits {@code text}; each element is {start, end} in chars. */
    int[] split(String text) {
        int[] bounds = {0, text.length()};
        int count = text.isEmpty() ? 0 : 1;
        for (int stage = 0; stage < patterns.length; stage++) {
            int[] next = new int[Math.max(8, count * 4)];
            int n = 0;
            WordScanner scanner = scanners[stage];
            Matcher m = scanner == null ? patterns[stage].matcher(text) : null;
            for (int k = 0; k < count; k++) {
                int start = bounds[2 * k];
                int end = bounds[2 * k + 1];
                if (scanner != null) {
                    for (int i = start; i < end; ) {
                        int j = scanner.next(text, i, end);
                        next = ensure(next, n);
                        next[2 * n] = i;
                        next[2 * n + 1] = j;
                        n++;
                        i = j;
                    }
                    continue;
                }
                m.region(start, end);
                int last = start;
                while (m.find()) {
                    if (m.end() == m.start()) continue;
                    if (m.start() > last) {
                        next = ensure(next, n);
                        next[2 * n] = last;
                        next[2 * n + 1] = m.start();
                        n++;
                    }
                    next = ensure(next, n);
                    next[2 * n] = m.start();
                    next[2 * n + 1] = m.end();
                    n++;
                    last = m.end();
                }
                if (last < end) {
                    next = ensure(next, n);
                    next[2 * n] = last;
                    next[2 * n + 1] = end;
                    n++;
                }
            }
            bounds = next;
            count = n;
        }
        return java.util.Arrays.copyOf(bounds, count * 2);
    }

    private static int[] ensure(int[] a, int n) {
        return 2 * n + 1 < a.length ? a : java.util.Arrays.copyOf(a, a.length * 2);
    }

    /**
     * Rewrites a pattern so that {@code \s} and {@code \S} mean Unicode White_Space as in Oniguruma and llama.cpp
     * (java.util.regex's {@code \s} is ASCII only).
     */
    static String translate(String regex) {
        StringBuilder sb = new StringBuilder(regex.length() + 64);
        int classDepth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char e = regex.charAt(i + 1);
                if (e == 's') {
                    sb.append(classDepth > 0 ? WS : "[" + WS + "]");
                } else if (e == 'S' && classDepth == 0) {
                    sb.append("[^").append(WS).append(']');
                } else {
                    sb.append(c).append(e);
                }
                i++;
            } else {
                if (c == '[') classDepth++;
                else if (c == ']' && classDepth > 0) classDepth--;
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
