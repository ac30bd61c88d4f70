package dev.cairn.rag.eval;

import java.util.List;

/**
 * One evaluation question and the sources that answer it.
 *
 * @param relevant path suffixes: a retrieved passage is relevant when its source path ends with one of them
 */
public record QaCase(String question, List<String> relevant) {
    public QaCase {
        if (question == null || question.isBlank()) throw new IllegalArgumentException("question is empty");
        relevant = List.copyOf(relevant);
        if (relevant.isEmpty()) throw new IllegalArgumentException("no relevant sources for: " + question);
    }

    /** Whether a source path ends with one of the relevant suffixes (path separators compared as {@code /}). */
    public boolean isRelevant(String path) {
        String p = path.replace('\\', '/');
        for (String r : relevant) if (p.endsWith(r.replace('\\', '/'))) return true;
        return false;
    }
}
