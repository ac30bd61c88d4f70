package dev.cairn.rag;

import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class IngestorTest {
    @TempDir
    Path tmp;

    final HashingEmbedder emb = new HashingEmbedder();

    Path docs() throws IOException {
        return Files.createDirectories(tmp.resolve("docs"));
    }

    Path write(String rel, String content) throws IOException {
        Path p = docs().resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    LuceneChunkStore store() {
        return LuceneChunkStore.open(tmp.resolve("index"), emb.modelName(), emb.dimension(), LuceneStoreOptions.defaults());
    }

    IngestReport ingest(LuceneChunkStore store, IngestOptions options) throws IOException {
        return new Ingestor(store, emb, new Chunker(64, 8, TokenEstimate.INSTANCE), options).ingest(List.of(docs()));
    }

    IngestReport ingest(LuceneChunkStore store) throws IOException {
        return ingest(store, IngestOptions.defaults());
    }

    static byte[] pdf(String text) throws IOException {
        try (var doc = new PDDocument(); var out = new java.io.ByteArrayOutputStream()) {
            var page = new PDPage();
            doc.addPage(page);
            try (var cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 720);
                cs.showText(text);
                cs.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void incrementalReingest() throws IOException {
        write("a.md", "# Alpha\n\nAardvarks eat ants at night.\n");
        Path b = write("sub/b.txt", "Bees make honey in hives.\n\nThey dance to share directions.\n");
        Path c = write("c.html", "<title>Cats</title><nav>menu</nav><h1>Cats</h1><p>Cats sleep most of the day.</p>");
        try (var store = store()) {
            IngestReport r1 = ingest(store);
            assertEquals(3, r1.files());
            assertEquals(3, r1.added());
            assertEquals(0, r1.failed() + r1.skipped() + r1.updated() + r1.unchanged() + r1.removed());
            assertEquals(store.info().chunks(), r1.chunks());
            int embedded = emb.passages.get();
            assertEquals(r1.chunks(), embedded);

            IngestReport r2 = ingest(store);
            assertEquals(3, r2.unchanged());
            assertEquals(0, r2.added() + r2.updated() + r2.removed() + r2.chunks());
            assertEquals(embedded, emb.passages.get(), "unchanged files are not embedded again");

            Files.writeString(b, "Wasps build paper nests.\n");
            Files.delete(c);
            IngestReport r3 = ingest(store);
            assertEquals(1, r3.updated());
            assertEquals(1, r3.removed());
            assertEquals(1, r3.unchanged());
            assertEquals(2, r3.files());
            assertTrue(store.textSearch("honey", 5, MetadataFilter.NONE).isEmpty(), "old chunks of a changed file are gone");
            assertTrue(store.textSearch("cats", 5, MetadataFilter.NONE).isEmpty(), "chunks of a deleted file are gone");
            assertEquals(1, store.textSearch("wasps", 5, MetadataFilter.NONE).size());
            assertEquals(2, store.info().documents());
        }
        // reopening sees the same committed state, and nothing is re-embedded
        try (var store = store()) {
            IngestReport r4 = ingest(store);
            assertEquals(2, r4.unchanged());
        }
    }

    @Test
    void aDocumentOverTheChunkLimitIsSkippedWithItsReasonAndLosesItsOldChunks() throws IOException {
        write("short.md", "# Short\n\nRivers flow to the sea.\n");
        StringBuilder longDoc = new StringBuilder("# Long\n\n");
        for (int i = 0; i < 200; i++) longDoc.append("Paragraph ").append(i).append(" tells of mountains and valleys far away.\n\n");
        write("long.md", longDoc.toString());
        try (var store = store()) {
            IngestReport all = ingest(store);
            assertEquals(2, all.added(), all.problems().toString());
            assertEquals(1, store.textSearch("mountains", 5, MetadataFilter.NONE).stream().map(p -> p.chunk().path()).distinct().count());

            Files.writeString(docs().resolve("long.md"), longDoc + "One more paragraph about mountains.\n");
            IngestReport limited = ingest(store, IngestOptions.defaults().withMaxChunks(5));
            assertEquals(1, limited.skipped(), limited.problems().toString());
            var text = limited.problems().stream().map(IngestReport.Problem::toString).toList();
            assertTrue(text.stream().anyMatch(s -> s.startsWith("skipped: ") && s.contains("long.md: too many chunks")
                    && s.contains("limit of 5 per document")), text.toString());
            assertTrue(store.textSearch("mountains", 5, MetadataFilter.NONE).isEmpty(), "no part of the skipped document stays indexed");
            assertEquals(1, store.textSearch("rivers", 5, MetadataFilter.NONE).size());
        }
        assertThrows(IllegalArgumentException.class, () -> IngestOptions.defaults().withMaxChunks(0));
    }

    @Test
    void badFilesAreCountedNotFatal() throws IOException {
        write("good.md", "# Good\n\nUseful content about rivers.\n");
        Files.write(docs().resolve("broken.pdf"), "%PDF-1.7 this is not really a pdf".getBytes(StandardCharsets.US_ASCII));
        Files.write(docs().resolve("real.pdf"), pdf("Mountains are tall."));
        Files.write(docs().resolve("blob.txt"), new byte[] {'a', 0, 1, 2, 'b'});
        byte[] invalid = "Lakes are deep \u00e9 water bodies with fish".getBytes(StandardCharsets.UTF_8);
        invalid[invalid.length - 1] = (byte) 0xFF;
        Files.write(docs().resolve("latin.txt"), invalid);
        Files.writeString(docs().resolve("big.md"), "x".repeat(5000));
        try (var store = store()) {
            IngestReport r = ingest(store, IngestOptions.defaults().withMaxFileBytes(4000));
            assertEquals(6, r.files());
            assertEquals(3, r.added(), r.problems().toString());
            assertEquals(1, r.failed());
            assertEquals(2, r.skipped());
            assertEquals(1, r.invalidUtf8());
            var text = r.problems().stream().map(IngestReport.Problem::toString).toList();
            assertTrue(text.stream().anyMatch(s -> s.startsWith("failed: ") && s.contains("broken.pdf: not a readable PDF")), text.toString());
            assertTrue(text.stream().anyMatch(s -> s.startsWith("skipped: ") && s.contains("blob.txt: binary file")), text.toString());
            assertTrue(text.stream().anyMatch(s -> s.startsWith("skipped: ") && s.contains("big.md: too large")), text.toString());
            assertTrue(text.stream().anyMatch(s -> s.startsWith("warning: ") && s.contains("latin.txt: 1 invalid UTF-8")), text.toString());
            assertEquals(1, store.textSearch("mountains", 5, MetadataFilter.NONE).size());
            assertEquals(1, store.textSearch("lakes", 5, MetadataFilter.NONE).size());
            assertTrue(r.summary().startsWith("6 files: 3 added, 0 updated, 0 unchanged, 0 removed, 2 skipped, 1 failed;"), r.summary());

            // a file that breaks after it was indexed loses its chunks; a failed file is retried next time
            Files.write(docs().resolve("real.pdf"), "garbage".getBytes(StandardCharsets.US_ASCII));
            IngestReport again = ingest(store, IngestOptions.defaults().withMaxFileBytes(4000));
            assertEquals(2, again.failed());
            assertTrue(store.textSearch("mountains", 5, MetadataFilter.NONE).isEmpty());
        }
    }

    @Test
    void chunkOffsetsPointIntoTheSource() throws IOException {
        var sb = new StringBuilder("# Manual\n\n");
        for (int i = 0; i < 40; i++) sb.append("Sentence number ").append(i).append(" talks about topic ").append(i % 7).append(". ");
        sb.append("\n\n## Appendix\n\nFinal words here.\n");
        Path md = write("manual.md", sb.toString());
        try (var store = store()) {
            ingest(store);
            String source = Files.readString(md);
            var hits = store.textSearch("sentence topic words", 100, MetadataFilter.NONE);
            assertTrue(hits.size() > 3, "several chunks: " + hits.size());
            for (ScoredChunk h : hits) {
                Chunk c = h.chunk();
                assertEquals(source.substring(c.start(), c.end()), c.text(), c.id());
                assertEquals(md.toString(), c.path());
            }
            Chunk last = store.textSearch("final words", 1, MetadataFilter.NONE).getFirst().chunk();
            assertEquals(List.of("Manual", "Appendix"), last.headings());
        }
    }

    @Test
    void tagsFromOptionsAndFrontMatterFilter() throws IOException {
        write("a.md", "---\ntags: [internal]\n---\nSecret roadmap for next year.\n");
        write("b.md", "Public roadmap for next year.\n");
        try (var store = store()) {
            ingest(store, IngestOptions.defaults().withTags("team"));
            var internal = store.textSearch("roadmap", 5, MetadataFilter.NONE.withTags("internal"));
            assertEquals(1, internal.size());
            assertEquals(Set.of("internal", "team"), internal.getFirst().chunk().tags());
            assertEquals(2, store.textSearch("roadmap", 5, MetadataFilter.NONE.withTags("team")).size());
        }
    }

    @Test
    void commitsInBatchesAndKeepsOtherRoots() throws IOException {
        for (int i = 0; i < 7; i++) write("f" + i + ".txt", "File number " + i + " content.");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("o.txt"), "Other root content.");
        try (var store = store()) {
            var ingestor = new Ingestor(store, emb, Chunker.defaults(), IngestOptions.defaults().withCommitFiles(2));
            var seen = new ArrayList<Integer>();
            IngestReport r = ingestor.ingest(List.of(docs(), other), (done, total, file) -> seen.add(done));
            assertEquals(8, r.added());
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), seen);
            // ingesting only docs/ leaves other/ alone
            IngestReport r2 = ingestor.ingest(List.of(docs()));
            assertEquals(0, r2.removed());
            assertEquals(8, store.info().documents());
        }
    }

    @Test
    void ragIndexIngestsAndSearchesInEveryMode() throws IOException {
        write("rivers.md", "# Rivers\n\nRivers carry water to the sea.\n");
        write("hills.md", "# Hills\n\nHills are smaller than mountains.\n");
        try (var index = new RagIndex(store(), emb, Chunker.defaults())) {
            assertEquals(2, index.ingest(List.of(docs()), IngestOptions.defaults(), Ingestor.Progress.NONE).added());
            for (SearchMode mode : SearchMode.values()) {
                List<Passage> top = index.search(SearchRequest.of("rivers water sea", 1), mode);
                assertTrue(top.getFirst().path().endsWith("rivers.md"), mode.name());
                assertEquals(List.of("Rivers"), top.getFirst().chunk().headings());
            }
            assertEquals(SearchMode.HYBRID, SearchMode.parse(" Hybrid "));
            var e = assertThrows(RagException.class, () -> SearchMode.parse("fuzzy"));
            assertEquals("unknown search mode 'fuzzy' (use vector, bm25 or hybrid)", e.getMessage());
        }
    }

    @Test
    void emptyFolderWarns() throws IOException {
        docs();
        try (var store = store()) {
            IngestReport r = ingest(store);
            assertEquals(0, r.files());
            assertTrue(r.problems().getFirst().message().contains("no files to ingest"));
        }
    }
}
