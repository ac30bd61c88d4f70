package dev.cairn.rag.lucene;

import dev.cairn.rag.Chunk;
import dev.cairn.rag.DocumentUpdate;
import dev.cairn.rag.HashingEmbedder;
import dev.cairn.rag.MetadataFilter;
import dev.cairn.rag.RagException;
import dev.cairn.rag.ScoredChunk;
import dev.cairn.rag.StoreInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class LuceneChunkStoreTest {
    @TempDir
    Path dir;

    final HashingEmbedder emb = new HashingEmbedder();

    LuceneChunkStore open(LuceneStoreOptions o) {
        return LuceneChunkStore.open(dir.resolve("index"), emb.modelName(), emb.dimension(), o);
    }

    LuceneChunkStore open() {
        return open(LuceneStoreOptions.defaults());
    }

    /** One source with one chunk per text; headings "H" + ordinal. */
    DocumentUpdate doc(String path, String type, Set<String> tags, String... texts) {
        var chunks = new ArrayList<Chunk>();
        int at = 0;
        for (String t : texts) {
            chunks.add(new Chunk(path, chunks.size(), type, "Title of " + path, List.of("H" + chunks.size()), t, at, at + t.length(), 0, tags));
            at += t.length() + 2;
        }
        return new DocumentUpdate(path, "hash-" + String.join("|", texts).hashCode(), chunks,
                emb.embedPassages(chunks.stream().map(Chunk::embeddingText).toList()));
    }

    static List<String> ids(List<ScoredChunk> hits) {
        return hits.stream().map(h -> h.chunk().id()).toList();
    }

    @Test
    void storesSearchesAndReportsInfo() {
        try (var store = open()) {
            store.commit(List.of(
                    doc("/d/a.md", "markdown", Set.of("ops"), "Kubernetes pods restart on failure.", "Deployments roll out replicas."),
                    doc("/d/b.html", "html", Set.of(), "Bread needs flour water and yeast.")), List.of());
            StoreInfo info = store.info();
            assertEquals(2, info.documents());
            assertEquals(3, info.chunks());
            assertEquals(emb.modelName(), info.model());
            assertEquals("FLOAT32", info.settings().get("cairn.vectors"));
            assertEquals("16", info.settings().get("cairn.hnsw.m"));

            List<ScoredChunk> v = store.vectorSearch(emb.embedQuery("bread flour yeast"), 2, MetadataFilter.NONE);
            assertEquals("/d/b.html#0", v.getFirst().chunk().id());
            assertTrue(v.getFirst().score() > 0.5 && v.getFirst().score() <= 1.0001, "cosine " + v.getFirst().score());

            List<ScoredChunk> t = store.textSearch("how do pods restart?", 5, MetadataFilter.NONE);
            assertEquals(List.of("/d/a.md#0"), ids(t));
            Chunk c = t.getFirst().chunk();
            assertEquals(List.of("H0"), c.headings());
            assertEquals("Title of /d/a.md", c.title());
            assertEquals(Set.of("ops"), c.tags());
            assertEquals("markdown", c.type());
            assertEquals(0, c.start());
            assertEquals(c.text().length(), c.end());

            assertTrue(store.textSearch("the of and what is", 5, MetadataFilter.NONE).isEmpty(), "stop words only");
            assertEquals(Map.of("/d/a.md", "hash-" + "Kubernetes pods restart on failure.|Deployments roll out replicas.".hashCode(),
                    "/d/b.html", "hash-" + "Bread needs flour water and yeast.".hashCode()), store.documentHashes());
        }
    }

    @Test
    void questionWordsDoNotMatchOnTheirOwn() {
        try (var store = open()) {
            store.commit(List.of(doc("/d/wind.txt", "text", Set.of(), "When, when, when will the wind blow? When it wants."),
                    doc("/d/tax.txt", "text", Set.of(), "Income tax returns are due on April 15.")), List.of());
            assertEquals(List.of("/d/tax.txt#0"), ids(store.textSearch("When must I file my tax return?", 5, MetadataFilter.NONE)));
            assertEquals(List.of("/d/wind.txt#0"), ids(store.textSearch("when?", 5, MetadataFilter.NONE)), "a query of question words alone still searches");
        }
    }

    @Test
    void titleAndHeadingsAreSearchable() {
        try (var store = open()) {
            var c = new Chunk("/d/z.md", 0, "markdown", "Zebra facts", List.of("Coat patterns"), "Stripes are black and white.", 0, 28, 0, Set.of());
            store.commit(List.of(new DocumentUpdate("/d/z.md", "h", List.of(c), emb.embedPassages(List.of(c.embeddingText())))), List.of());
            assertEquals(1, store.textSearch("zebras", 3, MetadataFilter.NONE).size(), "the title matches (stemmed)");
            assertEquals(1, store.textSearch("patterned coats", 3, MetadataFilter.NONE).size(), "the headings match");
            assertEquals(1, store.textSearch("stripe", 3, MetadataFilter.NONE).size(), "the text matches");
        }
    }

    @Test
    void commitReplacesAndDeletesWholeSources() {
        try (var store = open()) {
            store.commit(List.of(doc("/d/a.txt", "text", Set.of(), "alpha one", "alpha two", "alpha three"),
                    doc("/d/b.txt", "text", Set.of(), "beta")), List.of());
            store.commit(List.of(doc("/d/a.txt", "text", Set.of(), "gamma replaced")), List.of("/d/b.txt"));
            assertEquals(1, store.info().documents());
            assertEquals(1, store.info().chunks());
            assertTrue(store.textSearch("alpha", 10, MetadataFilter.NONE).isEmpty());
            assertTrue(store.textSearch("beta", 10, MetadataFilter.NONE).isEmpty());
            assertEquals(List.of("/d/a.txt#0"), ids(store.textSearch("gamma", 10, MetadataFilter.NONE)));
            assertEquals(Set.of("/d/a.txt"), store.documentHashes().keySet());
        }
    }

    @Test
    void filtersApplyToBothSearches() {
        try (var store = open()) {
            store.commit(List.of(
                    doc("/docs/guide/a.md", "markdown", Set.of("ops", "k8s"), "cluster nodes scheduling"),
                    doc("/docs/guide/b.html", "html", Set.of("web"), "cluster nodes html page"),
                    doc("/docs/other/c.md", "markdown", Set.of("ops"), "cluster nodes other folder")), List.of());
            float[] q = emb.embedQuery("cluster nodes");
            var byPrefix = MetadataFilter.pathPrefix("/docs/guide/");
            assertEquals(Set.of("/docs/guide/a.md#0", "/docs/guide/b.html#0"), Set.copyOf(ids(store.vectorSearch(q, 10, byPrefix))));
            assertEquals(Set.of("/docs/guide/a.md#0", "/docs/guide/b.html#0"), Set.copyOf(ids(store.textSearch("cluster", 10, byPrefix))));
            var byType = MetadataFilter.NONE.withTypes("html");
            assertEquals(List.of("/docs/guide/b.html#0"), ids(store.vectorSearch(q, 10, byType)));
            assertEquals(List.of("/docs/guide/b.html#0"), ids(store.textSearch("cluster", 10, byType)));
            var byTag = MetadataFilter.NONE.withTags("ops");
            assertEquals(Set.of("/docs/guide/a.md#0", "/docs/other/c.md#0"), Set.copyOf(ids(store.vectorSearch(q, 10, byTag))));
            var all = byPrefix.withTypes("markdown").withTags("k8s", "web");
            assertEquals(List.of("/docs/guide/a.md#0"), ids(store.textSearch("cluster", 10, all)));
            assertTrue(store.vectorSearch(q, 10, MetadataFilter.pathPrefix("/nowhere")).isEmpty());
        }
    }

    @Test
    void storedVectorsCanBeReadBack() {
        try (var store = open()) {
            DocumentUpdate u = doc("/d/a.txt", "text", Set.of(), "one text", "another text");
            store.commit(List.of(u), List.of());
            Map<String, float[]> v = store.vectors(List.of("/d/a.txt#1", "/d/missing#0"));
            assertEquals(Set.of("/d/a.txt#1"), v.keySet());
            assertArrayEquals(u.vectors().get(1), v.get("/d/a.txt#1"));
        }
    }

    @Test
    void reopeningWithAnotherModelIsAClearError() {
        open().close();
        var other = new HashingEmbedder("other-model", 256);
        var e = assertThrows(RagException.class,
                () -> LuceneChunkStore.open(dir.resolve("index"), other.modelName(), 256, LuceneStoreOptions.defaults()));
        assertTrue(e.getMessage().contains("was built with embedding model test-hashing-256 (256 dimensions), not other-model (256 dimensions)"), e.getMessage());
        var e2 = assertThrows(RagException.class,
                () -> LuceneChunkStore.openReadOnly(dir.resolve("index"), emb.modelName(), 384));
        assertTrue(e2.getMessage().contains("not test-hashing-256 (384 dimensions)"), e2.getMessage());
        // the same model reopens, and what was committed is still there
        try (var store = open()) {
            assertEquals(0, store.info().chunks());
        }
    }

    @Test
    void refusesForeignFoldersAndMissingIndexes() throws IOException {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("readme.md"), "mine");
        var e = assertThrows(RagException.class, () -> LuceneChunkStore.open(docs, "m", 4, LuceneStoreOptions.defaults()));
        assertTrue(e.getMessage().startsWith("refusing to create an index in " + docs), e.getMessage());
        assertTrue(Files.exists(docs.resolve("readme.md")));
        var e2 = assertThrows(RagException.class, () -> LuceneChunkStore.openReadOnly(dir.resolve("none"), "m", 4));
        assertTrue(e2.getMessage().startsWith("no index at"), e2.getMessage());
        var e3 = assertThrows(RagException.class, () -> LuceneChunkStore.openReadOnly(docs, "m", 4));
        assertTrue(e3.getMessage().startsWith("no index at"), e3.getMessage());
    }

    @Test
    void oneWriterAtATimeWhileReadersFollowCommits() {
        try (var writer = open(); var reader = LuceneChunkStore.openReadOnly(dir.resolve("index"), emb.modelName(), emb.dimension())) {
            var e = assertThrows(RagException.class, this::open);
            assertTrue(e.getMessage().contains("is being written by another process"), e.getMessage());
            assertEquals(0, reader.info().chunks());
            writer.commit(List.of(doc("/d/a.txt", "text", Set.of(), "fresh words")), List.of());
            assertEquals(List.of("/d/a.txt#0"), ids(reader.textSearch("fresh", 5, MetadataFilter.NONE)));
            assertThrows(RagException.class, () -> reader.commit(List.of(), List.of()));
        }
    }

    @Test
    void wrongVectorDimensionsAreRejectedBeforeWriting() {
        try (var store = open()) {
            var chunk = new Chunk("/d/x.txt", 0, "text", "", List.of(), "x", 0, 1, 0, Set.of());
            var bad = new DocumentUpdate("/d/x.txt", "h", List.of(chunk), List.of(new float[3]));
            assertThrows(RagException.class, () -> store.commit(List.of(bad), List.of()));
            assertThrows(RagException.class, () -> store.vectorSearch(new float[3], 5, MetadataFilter.NONE));
            assertEquals(0, store.info().chunks());
        }
    }

    @Test
    void quantizedFormatsIndexAndSearch() {
        for (var format : LuceneStoreOptions.VectorFormat.values()) {
            Path idx = dir.resolve("q-" + format);
            try (var store = LuceneChunkStore.open(idx, emb.modelName(), emb.dimension(),
                    LuceneStoreOptions.defaults().withVectorFormat(format).withHnsw(8, 32))) {
                var updates = new ArrayList<DocumentUpdate>();
                for (int i = 0; i < 50; i++) updates.add(doc("/d/" + i + ".txt", "text", Set.of(), "topic" + i + " shared words " + i));
                store.commit(updates, List.of());
                assertEquals(format.name(), store.info().settings().get("cairn.vectors"));
                assertEquals("8", store.info().settings().get("cairn.hnsw.m"));
                List<ScoredChunk> hits = store.vectorSearch(emb.embedQuery("topic17 shared words 17"), 3, MetadataFilter.NONE);
                assertEquals("/d/17.txt#0", hits.getFirst().chunk().id(), format.name());
            }
            // an index written with a custom per-field format opens with Lucene's default codec
            try (var reader = LuceneChunkStore.openReadOnly(idx, emb.modelName(), emb.dimension())) {
                assertEquals(50, reader.info().chunks());
                assertEquals("/d/3.txt#0", reader.vectorSearch(emb.embedQuery("topic3 shared words 3"), 1, MetadataFilter.NONE).getFirst().chunk().id());
            }
        }
    }
}
