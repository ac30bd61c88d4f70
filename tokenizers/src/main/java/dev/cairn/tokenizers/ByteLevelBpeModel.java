package dev.cairn.tokenizers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * GPT-2 style byte-level BPE: split the text into words with the pre-tokenizer's expressions, write each
 * word's UTF-8 bytes as byte-level characters, then apply merges lowest rank first. Words are cached.
 */
final class ByteLevelBpeModel implements Model {
    private final Vocabulary vocab;
    private final RegexSplitter splitter;
    /** The merges until {@link #merges} is built (then null: tokenizer.json's list of Strings is large). */
    private List<String> mergeList;
    private final String source;
    /** Built from {@link #mergeList} on first need: a Llama 3 prompt of whole-vocabulary words never needs it. */
    private volatile MergeTable merges;
    private final boolean ignoreMerges;
    private final boolean addPrefixSpace;
    private final int[] byteIds = new int[256];
    private final int unkId;
    private final WordCache cache = new WordCache();

    /**
     * @param merges       "left right" strings, best first
     * @param ignoreMerges a word that is itself in the vocabulary becomes that token directly (Llama 3)
     */
    ByteLevelBpeModel(Vocabulary vocab, List<String> merges, RegexSplitter splitter, boolean ignoreMerges,
                      int unkId, String source) {
        this(vocab, merges, splitter, ignoreMerges, false, unkId, source);
    }

    /** @param addPrefixSpace put a space before text that does not start with one (RoBERTa's add_prefix_space) */
    ByteLevelBpeModel(Vocabulary vocab, List<String> merges, RegexSplitter splitter, boolean ignoreMerges,
                      boolean addPrefixSpace, int unkId, String source) {
        this.vocab = vocab;
        this.addPrefixSpace = addPrefixSpace;
        this.splitter = splitter;
        this.ignoreMerges = ignoreMerges;
        this.unkId = unkId;
        for (int b = 0; b < 256; b++) byteIds[b] = vocab.id(String.valueOf(ByteLevel.charOf(b)));
        this.mergeList = merges;
        this.source = source;
    }

    /** The merge table, built on the first call (thread-safe). */
    private MergeTable merges() {
        MergeTable m = merges;
        if (m == null) {
            synchronized (this) {
                m = merges;
                if (m == null) {
                    merges = m = buildMerges();
                    mergeList = null;
                }
            }
        }
        return m;
    }

    /** Each "left right" merge by rank; one the vocabulary cannot express (a piece is missing) is skipped. */
    private MergeTable buildMerges() {
        MergeTable table = new MergeTable(mergeList.size());
        for (int rank = 0; rank < mergeList.size(); rank++) {
            String merge = mergeList.get(rank);
            int space = merge.indexOf(' ', 1);
            if (space < 0) throw new TokenizerException(source + ": merge " + rank + " '" + merge + "' is not two tokens separated by a space");
            int end = merge.length();
            int leftId = vocab.id(merge, 0, space);
            int rightId = vocab.id(merge, space + 1, end);
            if (leftId < 0 || rightId < 0) continue;
            int resultId = vocab.id(merge, 0, space, space + 1, end);
            if (resultId >= 0) table.put(leftId, rightId, rank, resultId);
        }
        return table;
    }

    @Override
    public void encode(String input, boolean inputStart, IntList out) {
        String text = addPrefixSpace && !input.startsWith(" ") ? " " + input : input;
        int[] bounds = splitter.split(text);
        for (int k = 0; k < bounds.length; k += 2) {
            int start = bounds[k];
            int end = bounds[k + 1];
            int hash = WordCache.hash(text, start, end);
            int[] ids = cache.get(text, start, end, hash);
            if (ids == null) {
                String word = text.substring(start, end);
                ids = encodeWord(word);
                cache.put(word, hash, ids);
            }
            out.addAll(ids);
        }
    }

    /** Words up to this many bytes are merged by scanning their pairs, longer ones with a priority queue. */
    private static final int SHORT_WORD = 64;

    private int[] encodeWord(String word) {
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        if (ignoreMerges) {
            int id = vocab.id(ByteLevel.encode(utf8, 0, utf8.length));
            if (id >= 0) return new int[]{id};
        }
        int[] symbols = new int[utf8.length];
        int n = 0;
        for (byte b : utf8) {
            int id = byteIds[b & 0xFF];
            if (id < 0) id = unkId;
            if (id >= 0) symbols[n++] = id;
        }
        return n <= SHORT_WORD ? mergeShort(symbols, n) : mergeLong(symbols, n);
    }

    /** Each round scans all adjacent pairs and merges the lowest-ranked one (leftmost on ties). */
    int[] mergeShort(int[] symbols, int n) {
        MergeTable merges = merges();
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            int bestAt = -1;
            int bestResult = -1;
            for (int i = 0; i + 1 < n; i++) {
                int slot = merges.find(symbols[i], symbols[i + 1]);
                if (slot >= 0 && merges.rank(slot) < bestRank) {
                    bestRank = merges.rank(slot);
                    bestAt = i;
                    bestResult = merges.result(slot);
                }
            }
            if (bestAt < 0) break;
            symbols[bestAt] = bestResult;
            System.arraycopy(symbols, bestAt + 2, symbols, bestAt + 1, n - bestAt - 2);
            n--;
        }
        return Arrays.copyOf(symbols, n);
    }

    /**
     * The same merges for long words (a run of thousands of letters) in n log n: candidate pairs wait in a queue
     * ordered by rank, then position; an entry whose pair has changed since is skipped.
     */
    int[] mergeLong(int[] symbols, int n) {
        if (n == 0) return new int[0];
        int[] ids = Arrays.copyOf(symbols, n);
        int[] prev = new int[n];
        int[] next = new int[n];
        boolean[] gone = new boolean[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        MergeTable merges = merges();
        PriorityQueue<Long> queue = new PriorityQueue<>();
        for (int i = 0; i + 1 < n; i++) offer(queue, ids, i, i + 1);
        while (!queue.isEmpty()) {
            long entry = queue.poll();
            int rank = (int) (entry >>> 32);
            int left = (int) entry;
            int right = next[left];
            if (gone[left] || right < 0) continue;
            int slot = merges.find(ids[left], ids[right]);
            if (slot < 0 || merges.rank(slot) != rank) continue; // the pair changed after this entry was queued
            ids[left] = merges.result(slot);
            gone[right] = true;
            next[left] = next[right];
            if (next[right] >= 0) prev[next[right]] = left;
            if (prev[left] >= 0) offer(queue, ids, prev[left], left);
            if (next[left] >= 0) offer(queue, ids, left, next[left]);
        }
        IntList out = new IntList(16);
        for (int i = 0; i >= 0; i = next[i]) out.add(ids[i]);
        return out.toArray();
    }

    private void offer(PriorityQueue<Long> queue, int[] ids, int left, int right) {
        MergeTable merges = merges();
        int slot = merges.find(ids[left], ids[right]);
        if (slot >= 0) queue.add(((long) merges.rank(slot) << 32) | left);
    }

    @Override
    public byte[] tokenBytes(int id) {
        String piece = vocab.piece(id);
        TokenType type = vocab.type(id);
        if (type == TokenType.NORMAL || type == TokenType.UNUSED || type == TokenType.BYTE) {
            byte[] raw = ByteLevel.decode(piece);
            if (raw != null) return raw;
        }
        return piece.getBytes(StandardCharsets.UTF_8);
    }
}
