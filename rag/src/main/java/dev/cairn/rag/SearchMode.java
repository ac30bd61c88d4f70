package dev.cairn.rag;

import java.util.Locale;

/** How {@link RagIndex#search} finds passages. */
public enum SearchMode {
    /** Nearest neighbours of the embedded query. */
    VECTOR,
    /** BM25 over chunk text, title and headings. */
    BM25,
    /** Vector and BM25 fused by reciprocal rank. */
    HYBRID;

    /** {@code vector}, {@code bm25} or {@code hybrid}, ignoring case. */
    public static SearchMode parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RagException("unknown search mode '" + s + "' (use vector, bm25 or hybrid)");
        }
    }
}
