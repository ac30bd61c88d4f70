package dev.cairn.tokenizers;

/**
 * Hand-written matchers for the GPT-2 and Llama 3 (and Qwen2) split expressions, several times faster than
 * java.util.regex. Each {@link #next} returns where the match that starts at {@code i} ends, exactly as the
 * expression (leftmost alternative first, greedy, lookahead bounded by {@code end}) would:
 * <pre>
 * GPT2:   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 * LLAMA3: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * QWEN2:  as LLAMA3 with \p{N} instead of \p{N}{1,3}
 * </pre>
 */
enum WordScanner {
    GPT2, LLAMA3, QWEN2;

    private static final byte OTHER = 0, LETTER = 1, NUMBER = 2, SPACE = 3, NEWLINE = 4;
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) ASCII[c] = slowKind(c);
    }

    private static byte slowKind(int cp) {
        if (cp == '\r' || cp == '\n') return NEWLINE;
        if (CharClasses.isWhitespace(cp)) return SPACE;
        if (Character.isLetter(cp)) return LETTER;
        int type = Character.getType(cp);
        if (type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER) return NUMBER;
        return OTHER;
    }

    private static byte kind(String s, int i) {
        char c = s.charAt(i);
        if (c < 128) return ASCII[c];
        return slowKind(Character.isHighSurrogate(c) ? s.codePointAt(i) : c);
    }

    private static int width(String s, int i, int end) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
    }

    private static boolean isSpace(byte k) {
        return k == SPACE || k == NEWLINE;
    }

    /** The end of the longest run of characters of kind {@code k} from {@code i} (at most {@code max} characters). */
    private static int run(String s, int i, int end, byte k, int max) {
        int n = 0;
        while (i < end && n < max && kind(s, i) == k) {
            i += width(s, i, end);
            n++;
        }
        return i;
    }

    private static int spaceRun(String s, int i, int end) {
        while (i < end && isSpace(kind(s, i))) i += width(s, i, end);
        return i;
    }

    private static int otherRun(String s, int i, int end) {
        while (i < end && kind(s, i) == OTHER) i += width(s, i, end);
        return i;
    }

    /** The end of a contraction at i ('s 't 're 've 'm 'll 'd), or -1. */
    private static int contraction(String s, int i, int end, boolean anyCase) {
        if (s.charAt(i) != '\'' || i + 1 >= end) return -1;
        char a = s.charAt(i + 1);
        char b = i + 2 < end ? s.charAt(i + 2) : 0;
        if (anyCase) {
            if (a >= 'A' && a <= 'Z') a += 32;
            if (b >= 'A' && b <= 'Z') b += 32;
        }
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return i + 2;
        if ((a == 'r' || a == 'v') && b == 'e') return i + 3;
        if (a == 'l' && b == 'l') return i + 3;
        return -1;
    }

    /** The end of the match starting at {@code i < end}. Always greater than {@code i}. */
    int next(String s, int i, int end) {
        return this == GPT2 ? nextGpt2(s, i, end) : nextLlama3(s, i, end, this == LLAMA3 ? 3 : 1);
    }

    private static int nextGpt2(String s, int i, int end) {
        int c = contraction(s, i, end, false);
        if (c > 0) return c;
        byte k = kind(s, i);
        int start = i;
        if (s.charAt(i) == ' ' && i + 1 < end) {
            byte k1 = kind(s, i + 1);
            if (!isSpace(k1)) {
                start = i + 1;
                k = k1;
            }
        }
        if (k == LETTER || k == NUMBER) return run(s, start, end, k, Integer.MAX_VALUE);
        if (k == OTHER) return otherRun(s, start, end);
        return spaceMatch(s, i, end);
    }

    /** \s+(?!\S)|\s+ at a whitespace character. */
    private static int spaceMatch(String s, int i, int end) {
        int j = spaceRun(s, i, end);
        if (j == end) return j;
        // followed by a non-space: leave the last whitespace character for the next word, if that leaves any
        return j - 1 > i ? j - 1 : j;
    }

    private static int nextLlama3(String s, int i, int end, int maxDigits) {
        int c = contraction(s, i, end, true);
        if (c > 0) return c;
        byte k = kind(s, i);
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (k == LETTER) return run(s, i, end, LETTER, Integer.MAX_VALUE);
        int w = width(s, i, end);
        if (k != NEWLINE && k != NUMBER && i + w < end && kind(s, i + w) == LETTER) {
            return run(s, i + w, end, LETTER, Integer.MAX_VALUE);
        }
        // \p{N}{1,3}
        if (k == NUMBER) return run(s, i, end, NUMBER, maxDigits);
        // ?[^\s\p{L}\p{N}]+[\r\n]*
        int start = -1;
        if (k == OTHER) start = i;
        else if (s.charAt(i) == ' ' && i + 1 < end && kind(s, i + 1) == OTHER) start = i + 1;
        if (start >= 0) {
            int j = otherRun(s, start, end);
            while (j < end && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) j++;
            return j;
        }
        // \s*[\r\n]+ : up to the last newline of the whitespace run
        int j = spaceRun(s, i, end);
        int lastNewline = -1;
        for (int p = i; p < j; p++) {
            char ch = s.charAt(p);
            if (ch == '\r' || ch == '\n') lastNewline = p;
        }
        if (lastNewline >= 0) return lastNewline + 1;
        return spaceMatch(s, i, end);
    }
}
