package dev.cairn.rag.langchain4j;

import dev.cairn.rag.Chunker;
import dev.cairn.rag.HashingEmbedder;
import dev.cairn.rag.IngestOptions;
import dev.cairn.rag.Ingestor;
import dev.cairn.rag.MetadataFilter;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.SearchMode;
import dev.cairn.rag.TokenEstimate;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.junit.jupiter.api.Assertions.*;

class LangChain4jAdaptersTest {
    @TempDir
    Path tmp;
    final HashingEmbedder emb = new HashingEmbedder();
    LuceneChunkStore lucene;
    CairnEmbeddingStore store;

    @BeforeEach
    void open() {
        lucene = LuceneChunkStore.open(tmp.resolve("index"), emb.modelName(), emb.dimension(), LuceneStoreOptions.defaults());
        store = new CairnEmbeddingStore(lucene);
    }

    @AfterEach
    void close() {
        lucene.close();
    }

    Embedding embed(String text) {
        return Embedding.from(emb.embedPassages(List.of(text)).getFirst());
    }

    EmbeddingSearchRequest.EmbeddingSearchRequestBuilder query(String text, int k) {
        return EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(emb.embedQuery(text))).maxResults(k);
    }

    @Test
    void addSearchAndRemoveSegments() {
        var kettle = TextSegment.from("descale the kettle with vinegar", Metadata.from("title", "Kitchen").put("headings", "Care > Kettles"));
        var bike = TextSegment.from("patch the inner tube of the bike", new Metadata());
        List<String> ids = store.addAll(List.of(embed(kettle.text()), embed(bike.text())), List.of(kettle, bike));
        store.add("fixed-id", embed("stars and galaxies"));
        assertEquals(3, lucene.info().documents());

        List<EmbeddingMatch<TextSegment>> m = store.search(query("vinegar kettle", 3).build()).matches();
        assertEquals(3, m.size());
        assertEquals(ids.get(0), m.get(0).embeddingId());
        assertEquals(kettle.text(), m.get(0).embedded().text());
        assertEquals("Kitchen", m.get(0).embedded().metadata().getString("title"));
        assertEquals("Care > Kettles", m.get(0).embedded().metadata().getString("headings"));
        assertArrayEquals(embed(kettle.text()).vector(), m.get(0).embedding().vector(), 1e-6f);
        assertTrue(m.get(0).score() > m.get(1).score() && m.get(0).score() <= 1.0 && m.get(2).score() >= 0.0);
        assertNull(m.stream().filter(x -> x.embeddingId().equals("fixed-id")).findFirst().orElseThrow().embedded(),
                "an embedding added without text comes back without a segment");

        double cut = (m.get(0).score() + m.get(1).score()) / 2;
        assertEquals(1, store.search(query("vinegar kettle", 3).minScore(cut).build()).matches().size());
        var filtered = store.search(query("vinegar kettle", 3).filter(metadataKey("title").isNotEqualTo("Kitchen")).build()).matches();
        assertEquals(1, filtered.size(), "the segment without text has no metadata to match");
        assertEquals(ids.get(1), filtered.getFirst().embeddingId());

        store.remove(ids.get(0));
        assertEquals(2, lucene.info().documents());
        assertTrue(store.search(query("vinegar kettle", 3).build()).matches().stream().noneMatch(x -> x.embeddingId().equals(ids.get(0))));
        store.removeAll();
        assertEquals(0, lucene.info().chunks());
    }

    @Test
    void ingestedChunksAreSearchableAndRetrievableWithCitations() throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("kettle.md"), "# Kettles\n\n## Descaling\n\nBoil vinegar and water in the kettle, then rinse.\n");
        Files.writeString(docs.resolve("bike.md"), "# Bikes\n\nPatch the inner tube where it leaks.\n");
        var chunker = new Chunker(64, 8, TokenEstimate.INSTANCE);
        new Ingestor(lucene, emb, chunker, IngestOptions.defaults()).ingest(List.of(docs));

        var m = store.search(query("vinegar kettle", 1).build()).matches().getFirst();
        String path = docs.resolve("kettle.md").toString();
        assertEquals(path + "#0", m.embeddingId());
        Metadata md = m.embedded().metadata();
        assertEquals(path, md.getString("path"));
        assertEquals("Kettles", md.getString("title"));
        assertEquals("Kettles > Descaling", md.getString("headings"));
        assertEquals("markdown", md.getString("type"));
        assertEquals(path + " › Kettles › Descaling", md.getString("citation"));

        {
            var index = new RagIndex(lucene, emb, chunker); // closing it would close the store, which close() does
            var retriever = new CairnContentRetriever(index.retriever(SearchMode.HYBRID), 2);
            List<Content> contents = retriever.retrieve(Query.from("how do I descale the kettle"));
            assertEquals(2, contents.size());
            assertEquals(path, contents.getFirst().textSegment().metadata().getString("path"));
            assertEquals(path + "#0", contents.getFirst().metadata().get(ContentMetadata.EMBEDDING_ID));
            assertTrue((Double) contents.get(0).metadata().get(ContentMetadata.SCORE)
                    >= (Double) contents.get(1).metadata().get(ContentMetadata.SCORE));
            var onlyBikes = new CairnContentRetriever(index.retriever(SearchMode.BM25), 5,
                    MetadataFilter.pathPrefix(docs.resolve("bike.md").toString()), Double.NEGATIVE_INFINITY);
            assertTrue(onlyBikes.retrieve(Query.from("kettle")).isEmpty());
            assertEquals(1, onlyBikes.retrieve(Query.from("inner tube")).size());

            store.remove(path + "#0"); // a Cairn chunk id removes its whole document
            assertEquals(1, lucene.info().documents());
        }
    }
}
