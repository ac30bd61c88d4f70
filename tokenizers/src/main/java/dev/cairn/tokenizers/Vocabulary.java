package dev.cairn.tokenizers;

import java.util.Arrays;

/**
 * The vocabulary: token strings as the file stores them, their types and (SentencePiece) scores. Pieces are found
 * by an open-addressing table of ids keyed by {@link String#hashCode()}, which also finds a piece given as a range
 * of a string or the concatenation of two ranges without building it (BPE merges: 280k of them for Llama 3).
 */
final class Vocabulary {
    private final String[] pieces;
    private final TokenType[] types;
    private final float[] scores;
    /** Ids by hash slot, -1 for empty; a piece listed twice keeps its first id. */
    private final int[] table;
    private final int mask;

    Vocabulary(String[] pieces, TokenType[] types, float[] scores) {
        this.pieces = pieces;
        this.types = types;
        this.scores = scores;
        int capacity = Integer.highestOneBit(Math.max(16, pieces.length * 2) - 1) << 1;
        this.table = new int[capacity];
        Arrays.fill(table, -1);
        this.mask = capacity - 1;
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (p == null) continue;
            int slot = slot(p.hashCode());
            for (int id; (id = table[slot]) >= 0; slot = (slot + 1) & mask) {
                if (pieces[id].equals(p)) break;
            }
            if (table[slot] < 0) table[slot] = i;
        }
    }

    int size() {
        return pieces.length;
    }

    String piece(int id) {
        return pieces[id];
    }

    TokenType type(int id) {
        return types[id];
    }

    void setType(int id, TokenType type) {
        types[id] = type;
    }

    float score(int id) {
        return scores == null ? 0f : scores[id];
    }

    /** The id of a piece, or -1. */
    int id(String piece) {
        for (int slot = slot(piece.hashCode()), id; (id = table[slot]) >= 0; slot = (slot + 1) & mask) {
            if (pieces[id].equals(piece)) return id;
        }
        return -1;
    }

    /** The id of the piece {@code s[from, to)}, or -1. */
    int id(String s, int from, int to) {
        return id(s, from, to, to, to);
    }

    /** The id of the piece {@code s[a, aEnd) + s[b, bEnd)}, or -1; nothing is allocated. */
    int id(String s, int a, int aEnd, int b, int bEnd) {
        int h = 0;
        for (int i = a; i < aEnd; i++) h = 31 * h + s.charAt(i);
        for (int i = b; i < bEnd; i++) h = 31 * h + s.charAt(i);
        int left = aEnd - a, length = left + bEnd - b;
        for (int slot = slot(h), id; (id = table[slot]) >= 0; slot = (slot + 1) & mask) {
            String p = pieces[id];
            if (p.length() == length && p.regionMatches(0, s, a, left) && p.regionMatches(left, s, b, bEnd - b)) return id;
        }
        return -1;
    }

    /** {@link String#hashCode()} spread over the table. */
    private int slot(int hash) {
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    boolean isValid(int id) {
        return id >= 0 && id < pieces.length;
    }
}
