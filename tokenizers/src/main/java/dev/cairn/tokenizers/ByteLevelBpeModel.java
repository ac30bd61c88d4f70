package dev.cairn.tokenizers;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GPT-2 style byte-level BPE: split the text into words with the pre-tokenizer's expressions, write each
 * word's UTF-8 bytes as byte-level characters, then apply merges lowest rank first. Words are cached.
 */
final class ByteLevelBpeModel implements Model {
    private final Vocabulary vocab;
    private final RegexSplitter splitter;
    private final MergeTable merges;
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
        this.merges = new MergeTable(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            String merge = merges.get(rank);
            int space = merge.indexOf(' ', 1);
            if (space < 0) throw new TokenizerException(source + ": merge " + rank + " '" + merge + "' is not two tokens separated by a space");
            String left = merge.substring(0, space);
            String right = merge.substring(space + 1);
            int leftId = vocab.id(left);
            int rightId = vocab.id(right);
            int resultId = vocab.id(left + right);
            if (leftId < 0 || rightId < 0 || resultId < 0) continue; // a merge the vocabulary cannot use
            this.merges.put(leftId, rightId, rank, resultId);
        }
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
        return java.util.Arrays.copyOf(symbols, n);
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
