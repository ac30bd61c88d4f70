package dev.cairn.rag;

import java.util.List;
import java.util.Set;

/**
 * A retrievable piece of a document: {@code text} is exactly {@code document.text().substring(start, end)}.
 *
 * @param ordinal  position of this chunk within its document, from 0
 * @param page     page of the chunk's first character (from 1), 0 for formats without pages
 * @param headings the heading path above the chunk, outermost first
 */
public record Chunk(String path, int ordinal, String type, String title, List<String> headings, String text,
                    int start, int end, int page, Set<String> tags) {
    public Chunk {
        headings = List.copyOf(headings);
        tags = Set.copyOf(tags);
        title = title == null ? "" : title;
        if (end - start != text.length())
            throw new IllegalArgumentException(path + "#" + ordinal + ": offsets [" + start + ", " + end
                    + ") do not span the text (" + text.length() + " chars)");
    }

    /** Unique within an index: the source path and the ordinal. */
    public String id() {
        return id(path, ordinal);
    }

    public static String id(String path, int ordinal) {
        return path + "#" + ordinal;
    }

    /**
     * What gets embedded and what the title field indexes: the title and heading path above the text, so a
     * chunk that says "it" still carries what "it" is.
     */
    public String context() {
        return context(title, headings);
    }

    /** The context line of any chunk with this title and heading path. */
    public static String context(String title, List<String> headings) {
        var sb = new StringBuilder(title == null ? "" : title);
        for (String h : headings) {
            if (h.equals(title)) continue;
            if (!sb.isEmpty()) sb.append(" > ");
            sb.append(h);
        }
        return sb.toString();
    }

    /** The text handed to the embedding model: the context line, then the chunk text. */
    public String embeddingText() {
        String ctx = context();
        return ctx.isEmpty() ? text : ctx + "\n\n" + text;
    }
}
