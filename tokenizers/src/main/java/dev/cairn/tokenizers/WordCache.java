package dev.cairn.tokenizers;

/**
 * Remembers the ids of recently encoded words. Words are looked up by a range of the text, so a hit allocates
 * nothing. Direct-mapped: a word whose slot is taken replaces the older word. Safe for concurrent use: slots hold
 * immutable entries, and a reader sees either an old entry or a new one.
 */
final class WordCache {
    private record Entry(String word, int hash, int[] ids) {}

    private static final int SLOTS = 1 << 17;
    private static final int MAX_WORD_CHARS = 256;

    private final Entry[] slots = new Entry[SLOTS];

    static int hash(String text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) h = 31 * h + text.charAt(i);
        return h;
    }

    /** The ids cached for {@code text[start, end)}, or null. */
    int[] get(String text, int start, int end, int hash) {
        Entry e = slots[slot(hash)];
        if (e == null || e.hash != hash) return null;
        int length = end - start;
        if (e.word.length() != length || !text.regionMatches(start, e.word, 0, length)) return null;
        return e.ids;
    }

    void put(String word, int hash, int[] ids) {
        if (word.length() <= MAX_WORD_CHARS) slots[slot(hash)] = new Entry(word, hash, ids);
    }

    private static int slot(int hash) {
        int h = hash * 0x9E3779B9;
        return (h ^ (h >>> 15)) & (SLOTS - 1);
    }
}
