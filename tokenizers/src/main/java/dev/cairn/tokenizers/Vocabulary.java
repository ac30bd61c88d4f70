package dev.cairn.tokenizers;

import java.util.HashMap;
import java.util.Map;

/** The vocabulary: token strings as the file stores them, their types and (SentencePiece) scores. */
final class Vocabulary {
    private final String[] pieces;
    private final TokenType[] types;
    private final float[] scores;
    private final Map<String, Integer> ids;

    Vocabulary(String[] pieces, TokenType[] types, float[] scores) {
        this.pieces = pieces;
        this.types = types;
        this.scores = scores;
        this.ids = new HashMap<>(pieces.length * 2);
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i] != null) ids.putIfAbsent(pieces[i], i);
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
        Integer id = ids.get(piece);
        return id == null ? -1 : id;
    }

    boolean isValid(int id) {
        return id >= 0 && id < pieces.length;
    }
}
