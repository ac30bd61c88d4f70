package dev.cairn.rag;

import java.util.List;
import java.util.Set;

/**
 * A loaded source file: its extracted text and the structure found in it. Chunks point into {@link #text()}
 * by character offsets, so whatever a loader keeps here is exactly what citations quote.
 *
 * @param path   the source's identity in an index (an absolute, normalized path for files)
 * @param type   the loader that read it: {@code text}, {@code markdown}, {@code html} or {@code pdf}
 * @param title  the document title (HTML {@code <title>}, front matter, PDF metadata or the file name)
 * @param blocks headings and paragraphs in text order, non-overlapping
 * @param tags   labels to filter on (from the ingest options or Markdown front matter)
 */
public record Document(String path, String type, String title, String text, List<Block> blocks, Set<String> tags) {
    public Document {
        if (path == null || path.isEmpty()) throw new IllegalArgumentException("path is empty");
        if (type == null || type.isEmpty()) throw new IllegalArgumentException("type is empty");
        if (text == null) throw new IllegalArgumentException("text is null");
        title = title == null ? "" : title;
        blocks = List.copyOf(blocks);
        tags = Set.copyOf(tags);
        int last = 0;
        for (Block b : blocks) {
            if (b.start() < last || b.end() > text.length())
                throw new IllegalArgumentException(path + ": block " + b + " overlaps or is outside the text");
            last = b.end();
        }
    }

    public Document withTags(Set<String> more) {
        if (more.isEmpty()) return this;
        var all = new java.util.TreeSet<>(tags);
        all.addAll(more);
        return new Document(path, type, title, text, blocks, all);
    }
}
