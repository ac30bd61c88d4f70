package dev.cairn.tokenizers;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;

/**
 * SentencePiece BPE (Llama 2, Mistral, Gemma): spaces become "▁" (with a "▁" in front of the text as
 * {@link SpacePrefix} says), the text starts as single characters, and the adjacent pair whose joined string is the
 * best-scoring vocabulary entry merges first (ties: leftmost). Characters no token covers fall back to
 * {@code <0xNN>} byte tokens, or to the unknown token.
 */
final class SentencePieceBpeModel implements Model {
    static final char SPACE = '\u2581';

    private final Vocabulary vocab;
    private final float[] mergeScores; // per id; NaN = never the result of a merge
    private final SpacePrefix spacePrefix;
    private final int[] byteIds = new int[256];
    private final int unkId;
    /** True when no mergeable piece has a "▁" after other characters, so merges never cross a word start. */
    private final boolean wordsIndependent;
    private final WordCache cache = new WordCache();

    SentencePieceBpeModel(Vocabulary vocab, float[] mergeScores, SpacePrefix spacePrefix, int unkId) {
        this.vocab = vocab;
        this.mergeScores = mergeScores;
        this.spacePrefix = spacePrefix;
        this.unkId = unkId;
        for (int b = 0; b < 256; b++) byteIds[b] = vocab.id(String.format("<0x%02X>", b));
        boolean independent = true;
        for (int id = 0; id < vocab.size() && independent; id++) {
            if (Float.isNaN(mergeScores[id])) continue;
            String piece = vocab.piece(id);
            int firstOther = 0;
            while (firstOther < piece.length() && piece.charAt(firstOther) == SPACE) firstOther++;
            if (piece.indexOf(SPACE, firstOther) >= 0) independent = false;
        }
        this.wordsIndependent = independent;
    }

    private record Bigram(int left, int right, float score, int size) {}

    /** Words up to this many chars are merged by scanning their pairs, longer text with a priority queue. */
    private static final int SHORT_WORD = 64;

    @Override
    public void encode(String text, boolean inputStart, IntList out) {
        String s = spacePrefix.apply(text, inputStart).replace(' ', SPACE);
        if (!wordsIndependent) {
            encodeSequence(s, out);
            return;
        }
        // a merge can only join pieces inside a word ("▁▁word"), so words are encoded (and cached) one by one
        int wordStart = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (i == s.length() || (s.charAt(i) == SPACE && s.charAt(i - 1) != SPACE)) {
                int hash = WordCache.hash(s, wordStart, i);
                int[] ids = cache.get(s, wordStart, i, hash);
                if (ids == null) {
                    String word = s.substring(wordStart, i);
                    IntList wordIds = new IntList(8);
                    if (word.length() <= SHORT_WORD) encodeShort(word, wordIds);
                    else encodeSequence(word, wordIds);
                    ids = wordIds.toArray();
                    cache.put(word, hash, ids);
                }
                out.addAll(ids);
                wordStart = i;
            }
        }
    }

    /**
     * The same merges as {@link #encodeSequence} for a short word: each round scans the adjacent pairs for the
     * best score (leftmost on ties) and merges it; only the two pairs beside a merge are looked up again.
     */
    void encodeShort(String s, IntList out) {
        int n = s.length();
        if (n == 0) return;
        int[] start = new int[n];
        int[] len = new int[n];
        int count = 0;
        for (int i = 0; i < n; ) {
            int cpLen = Math.min(Character.charCount(s.codePointAt(i)), n - i);
            start[count] = i;
            len[count] = cpLen;
            count++;
            i += cpLen;
        }
        float[] pairScore = new float[Math.max(1, count - 1)];
        for (int i = 0; i + 1 < count; i++) pairScore[i] = pairScore(s, start[i], len[i] + len[i + 1]);
        while (count > 1) {
            int best = -1;
            for (int i = 0; i + 1 < count; i++) {
                if (!Float.isNaN(pairScore[i]) && (best < 0 || Float.compare(pairScore[i], pairScore[best]) > 0)) best = i;
            }
            if (best < 0) break;
            len[best] += len[best + 1];
            System.arraycopy(start, best + 2, start, best + 1, count - best - 2);
            System.arraycopy(len, best + 2, len, best + 1, count - best - 2);
            System.arraycopy(pairScore, best + 1, pairScore, best, count - best - 2);
            count--;
            if (best > 0) pairScore[best - 1] = pairScore(s, start[best - 1], len[best - 1] + len[best]);
            if (best + 1 < count) pairScore[best] = pairScore(s, start[best], len[best] + len[best + 1]);
        }
        for (int i = 0; i < count; i++) emit(s.substring(start[i], start[i] + len[i]), out);
    }

    /** The merge score of the piece s[from, from + size), or NaN when no merge makes it. */
    private float pairScore(String s, int from, int size) {
        int id = vocab.id(s.substring(from, from + size));
        return id < 0 ? Float.NaN : mergeScores[id];
    }

    /** Merges the whole of {@code s} (already with "▁" for spaces), best-scoring pair first. */
    void encodeSequence(String s, IntList out) {
        int n = s.length();
        if (n == 0) return;
        // symbols: one per code point, linked in a list; start/len in chars
        int[] start = new int[n];
        int[] len = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        int count = 0;
        for (int i = 0; i < n; ) {
            int cpLen = Character.charCount(s.codePointAt(i));
            start[count] = i;
            len[count] = Math.min(cpLen, n - i);
            prev[count] = count - 1;
            next[count] = count + 1;
            count++;
            i += cpLen;
        }
        next[count - 1] = -1;

        PriorityQueue<Bigram> queue = new PriorityQueue<>(Math.max(16, count), (a, b) -> {
            if (a.score != b.score) return Float.compare(b.score, a.score);
            return Integer.compare(a.left, b.left);
        });
        for (int i = 1; i < count; i++) tryAddBigram(s, i - 1, i, start, len, queue);

        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left;
            int right = bigram.right;
            if (len[left] == 0 || len[right] == 0 || len[left] + len[right] != bigram.size) continue; // stale
            len[left] += len[right];
            len[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) prev[next[right]] = left;
            if (prev[left] >= 0) tryAddBigram(s, prev[left], left, start, len, queue);
            if (next[left] >= 0) tryAddBigram(s, left, next[left], start, len, queue);
        }

        for (int i = 0; i != -1; i = next[i]) emit(s.substring(start[i], start[i] + len[i]), out);
    }

    /** A final symbol: its token, else its byte tokens, else the unknown token. */
    private void emit(String piece, IntList out) {
        int id = vocab.id(piece);
        if (id >= 0 && vocab.type(id) != TokenType.UNUSED) {
            out.add(id);
            return;
        }
        byte[] utf8 = piece.getBytes(StandardCharsets.UTF_8);
        boolean haveBytes = true;
        for (byte b : utf8) haveBytes &= byteIds[b & 0xFF] >= 0;
        if (!haveBytes) { // no byte fallback: the whole symbol is unknown
            if (unkId >= 0) out.add(unkId);
            return;
        }
        for (byte b : utf8) out.add(byteIds[b & 0xFF]);
    }

    private void tryAddBigram(String s, int left, int right, int[] start, int[] len, PriorityQueue<Bigram> queue) {
        int size = len[left] + len[right];
        int id = vocab.id(s.substring(start[left], start[left] + size));
        if (id < 0) return;
        float score = mergeScores[id];
        if (Float.isNaN(score)) return;
        queue.add(new Bigram(left, right, score, size));
    }

    @Override
    public byte[] tokenBytes(int id) {
        return pieceBytes(vocab, id);
    }

    /** SentencePiece decoding of one token: "▁" is a space, {@code <0xNN>} is that byte. */
    static byte[] pieceBytes(Vocabulary vocab, int id) {
        String piece = vocab.piece(id);
        TokenType type = vocab.type(id);
        if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")
                && (type == TokenType.BYTE || type == TokenType.NORMAL)) {
            int hi = Character.digit(piece.charAt(3), 16);
            int lo = Character.digit(piece.charAt(4), 16);
            if (hi >= 0 && lo >= 0) return new byte[]{(byte) (hi * 16 + lo)};
        }
        if (type == TokenType.CONTROL || type == TokenType.UNKNOWN) return piece.getBytes(StandardCharsets.UTF_8);
        return piece.replace(SPACE, ' ').getBytes(StandardCharsets.UTF_8);
    }
}
