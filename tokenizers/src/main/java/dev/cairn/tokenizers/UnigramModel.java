package dev.cairn.tokenizers;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * SentencePiece unigram (T5, ALBERT, XLNet style): spaces become "▁", then Viterbi finds the split of each
 * word whose pieces have the highest total log-probability score. A character no piece covers becomes the
 * unknown token (consecutive unknowns fuse into one), or its {@code <0xNN>} bytes with byte fallback.
 */
final class UnigramModel implements Model {
    /** How text becomes the "▁"-joined string Viterbi runs on. */
    record Options(SpacePrefix spacePrefix, boolean splitWords, boolean collapseWhitespace, boolean byteFallback, boolean nfkc) {}

    private final Vocabulary vocab;
    private final Map<String, Integer> pieces;
    private final int maxPieceChars;
    private final int unkId;
    private final float unkScore;
    private final Options options;
    private final int[] byteIds = new int[256];
    private final WordCache cache = new WordCache();

    UnigramModel(Vocabulary vocab, int unkId, Options options) {
        this.vocab = vocab;
        this.unkId = unkId;
        this.options = options;
        this.pieces = new HashMap<>(vocab.size() * 2);
        int longest = 1;
        float minScore = 0f;
        for (int id = 0; id < vocab.size(); id++) {
            TokenType type = vocab.type(id);
            if (type != TokenType.NORMAL && type != TokenType.USER_DEFINED) continue;
            String piece = vocab.piece(id);
            if (piece == null || piece.isEmpty()) continue;
            pieces.putIfAbsent(piece, id);
            longest = Math.max(longest, piece.length());
            minScore = Math.min(minScore, vocab.score(id));
        }
        this.maxPieceChars = longest;
        this.unkScore = minScore - 10f;
        for (int b = 0; b < 256; b++) byteIds[b] = vocab.id(String.format("<0x%02X>", b));
    }

    @Override
    public void encode(String text, boolean inputStart, IntList out) {
        String s = options.nfkc() ? java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC) : text;
        if (options.collapseWhitespace()) {
            s = collapseWhitespace(s);
            if (s.isEmpty()) return; // nothing but whitespace
        }
        s = options.spacePrefix().apply(s, inputStart);
        s = s.replace(' ', SentencePieceBpeModel.SPACE);
        if (!options.splitWords()) {
            viterbi(s, 0, s.length(), out);
            return;
        }
        int wordStart = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == SentencePieceBpeModel.SPACE) {
                int hash = WordCache.hash(s, wordStart, i);
                int[] ids = cache.get(s, wordStart, i, hash);
                if (ids == null) {
                    String word = s.substring(wordStart, i);
                    IntList wordIds = new IntList(8);
                    viterbi(word, 0, word.length(), wordIds);
                    ids = wordIds.toArray();
                    cache.put(word, hash, ids);
                }
                out.addAll(ids);
                wordStart = i;
            }
        }
    }

    /** Drops leading and trailing whitespace and turns each inner run of it into one space. */
    private static String collapseWhitespace(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (CharClasses.isWhitespace(cp)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) sb.append(' ');
                pendingSpace = false;
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    private void viterbi(String s, int from, int to, IntList out) {
        int n = to - from;
        if (n <= 0) return;
        double[] best = new double[n + 1];
        int[] bestId = new int[n + 1];
        int[] bestStart = new int[n + 1];
        boolean[] reached = new boolean[n + 1];
        reached[0] = true;
        for (int i = 0; i < n; i++) {
            if (!reached[i]) continue;
            if (Character.isLowSurrogate(s.charAt(from + i)) && i > 0 && Character.isHighSurrogate(s.charAt(from + i - 1))) continue;
            int cpLen = Character.charCount(s.codePointAt(from + i));
            boolean singleCovered = false;
            int limit = Math.min(n, i + maxPieceChars);
            for (int j = i + 1; j <= limit; j++) {
                Integer id = pieces.get(s.substring(from + i, from + j));
                if (id == null) continue;
                if (j - i == cpLen) singleCovered = true;
                double score = best[i] + vocab.score(id);
                if (!reached[j] || score > best[j]) {
                    reached[j] = true;
                    best[j] = score;
                    bestId[j] = id;
                    bestStart[j] = i;
                }
            }
            if (!singleCovered) {
                int j = Math.min(n, i + cpLen);
                double score = best[i] + unkScore;
                if (!reached[j] || score > best[j]) {
                    reached[j] = true;
                    best[j] = score;
                    bestId[j] = -1;
                    bestStart[j] = i;
                }
            }
        }
        // walk back, then emit in order
        IntList ends = new IntList(16);
        for (int j = n; j > 0; j = bestStart[j]) ends.add(j);
        boolean lastWasUnk = false;
        for (int k = ends.size() - 1; k >= 0; k--) {
            int end = ends.get(k);
            int id = bestId[end];
            if (id >= 0) {
                out.add(id);
                lastWasUnk = false;
            } else if (options.byteFallback() && hasByteTokens(s.substring(from + bestStart[end], from + end))) {
                String piece = s.substring(from + bestStart[end], from + end);
                for (byte b : piece.getBytes(StandardCharsets.UTF_8)) out.add(byteIds[b & 0xFF]);
                lastWasUnk = false;
            } else {
                if (!lastWasUnk && unkId >= 0) out.add(unkId);
                lastWasUnk = true;
            }
        }
    }

    private boolean hasByteTokens(String piece) {
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) if (byteIds[b & 0xFF] < 0) return false;
        return true;
    }

    @Override
    public byte[] tokenBytes(int id) {
        return SentencePieceBpeModel.pieceBytes(vocab, id);
    }
}
