package dev.cairn.tokenizers;

import java.util.Arrays;

/** BPE merges keyed by the (left id, right id) pair: each pair's rank and the id it merges into. Open addressing. */
final class MergeTable {
    private final long[] keys;
    private final int[] ranks;
    private final int[] results;
    private final int mask;
    private int size;

    MergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, -1L);
        ranks = new int[capacity];
        results = new int[capacity];
        mask = capacity - 1;
    }

    /** Adds a merge unless the pair is already present (the first, lowest rank wins). */
    void put(int left, int right, int rank, int result) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != -1L) {
            if (keys[slot] == key) return;
            slot = (slot + 1) & mask;
        }
        if (size * 2 >= keys.length) throw new IllegalStateException("merge table full");
        keys[slot] = key;
        ranks[slot] = rank;
        results[slot] = result;
        size++;
    }

    /** The slot of a pair, or -1 when the pair does not merge. */
    int find(int left, int right) {
        long key = key(left, right);
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) return slot;
            if (k == -1L) return -1;
            slot = (slot + 1) & mask;
        }
    }

    int rank(int slot) {
        return ranks[slot];
    }

    int result(int slot) {
        return results[slot];
    }

    int size() {
        return size;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
