package dev.cairn.rag.langchain4j;

import dev.cairn.rag.Chunk;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Cairn chunks as LangChain4j text segments and back: citation data travels as segment metadata. */
final class Segments {
    static final String PATH = "path";
    static final String TITLE = "title";
    static final String HEADINGS = "headings";
    static final String PAGE = "page";
    static final String TYPE = "type";
    static final String CHUNK_ID = "chunk_id";
    static final String CITATION = "citation";
    /** The type of chunks added through {@link CairnEmbeddingStore}: each is its own source, its path the id. */
    static final String ADDED_TYPE = "langchain4j";
    private static final String SEPARATOR = " > ";

    private Segments() {}

    /** The chunk's text with path, title, headings (joined by " > "), page, type, chunk id and citation; null when empty. */
    static TextSegment of(Chunk c, String citation) {
        if (c.text().isBlank()) return null;
        var m = new Metadata()
                .put(PATH, c.path())
                .put(TYPE, c.type())
                .put(CHUNK_ID, c.id())
                .put(PAGE, c.page())
                .put(CITATION, citation);
        if (!c.title().isEmpty()) m.put(TITLE, c.title());
        if (!c.headings().isEmpty()) m.put(HEADINGS, String.join(SEPARATOR, c.headings()));
        return TextSegment.from(c.text(), m);
    }

    /** The id LangChain4j sees: the source path for a chunk added through the adapter, the chunk id otherwise. */
    static String embeddingId(Chunk c) {
        return ADDED_TYPE.equals(c.type()) ? c.path() : c.id();
    }

    /** A segment added under {@code id} as a one-chunk source; title and headings are kept from its metadata. */
    static Chunk chunk(String id, TextSegment s) {
        String text = s == null ? "" : s.text();
        Metadata m = s == null ? new Metadata() : s.metadata();
        String title = m.getString(TITLE);
        String headings = m.getString(HEADINGS);
        List<String> path = headings == null || headings.isBlank() ? List.of() : Arrays.asList(headings.split(SEPARATOR));
        return new Chunk(id, 0, ADDED_TYPE, title, path, text, 0, text.length(), 0, Set.of());
    }
}
