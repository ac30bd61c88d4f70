package dev.cairn.rag.lucene;

import dev.cairn.rag.Chunk;
import dev.cairn.rag.DocumentUpdate;
import dev.cairn.rag.RagException;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link IndexVerifier} on real Lucene indexes on disk: a sound one, one broken below Lucene (truncated and
 * bit-flipped files, a missing commit) and ones that Lucene finds clean but that break Cairn's invariants (a
 * document recorded twice, chunks without their file record, a wrong chunk count), written with Lucene directly.
 */
class IndexVerifierTest {
    static final int DIM = 8;

    @TempDir
    Path tmp;

    static DocumentUpdate doc(String path, int chunks) {
        var cs = new ArrayList<Chunk>();
        var vs = new ArrayList<float[]>();
        for (int i = 0; i < chunks; i++) {
            String text = "text " + i + " of " + path;
            cs.add(new Chunk(path, i, "text", path, List.of(), text, 0, text.length(), 0, Set.of()));
            float[] v = new float[DIM];
            v[(i + path.length()) % DIM] = 1;
            vs.add(v);
        }
        return new DocumentUpdate(path, "hash-" + path, cs, vs);
    }

    /** An index of three documents (2, 3 and 1 chunks) in two commits. */
    static Path build(Path dir) {
        try (var store = LuceneChunkStore.open(dir, "test-model", DIM, LuceneStoreOptions.defaults())) {
            store.commit(List.of(doc("/d/a.txt", 2), doc("/d/b.txt", 3)), List.of());
            store.commit(List.of(doc("/d/c.txt", 1)), List.of());
        }
        return dir;
    }

    static Path largestDataFile(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("segments") && !p.getFileName().toString().equals("write.lock"))
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
    }

    @Test
    void soundIndexHasNoProblems() {
        var r = IndexVerifier.check(build(tmp.resolve("i")));
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(3, r.files());
        assertEquals(6, r.chunks());
        assertEquals("test-model", r.model());
        assertEquals(DIM, r.dimension());
    }

    @Test
    void truncatedFileIsReportedAndOpeningFailsWithAClearError() throws IOException {
        Path dir = build(tmp.resolve("i"));
        Path victim = largestDataFile(dir);
        try (var ch = FileChannel.open(victim, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        var r = IndexVerifier.check(dir);
        assertFalse(r.ok());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("Lucene")), r.problems().toString());
        var e = assertThrows(RagException.class, () -> {
            try (var store = LuceneChunkStore.openReadOnly(dir, "test-model", DIM)) {
                store.info();
            }
        });
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void flippedByteFailsTheChecksum() throws IOException {
        Path dir = build(tmp.resolve("i"));
        Path victim = largestDataFile(dir);
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(victim, bytes);
        var r = IndexVerifier.check(dir);
        assertFalse(r.ok());
        // wherever the flipped byte lands (a header, postings, the footer) Lucene's check names the damaged segment
        assertTrue(r.problems().stream().anyMatch(p -> p.matches("Lucene: segment _\\w+ is damaged: .*Corrupt.*")), r.problems().toString());
    }

    @Test
    void missingCommitOrFolder() throws IOException {
        Path dir = build(tmp.resolve("i"));
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("segments")).toList()) Files.delete(p);
        }
        assertEquals(List.of("no Lucene commit (segments_N file) in " + dir), IndexVerifier.check(dir).problems());
        assertEquals(List.of("no index folder at " + tmp.resolve("none")), IndexVerifier.check(tmp.resolve("none")).problems());
    }

    /** Appends raw Lucene documents to a sound index, as a buggy writer would. */
    private static void append(Path dir, Document... docs) throws IOException {
        try (var d = FSDirectory.open(dir);
             var w = new IndexWriter(d, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
            for (Document doc : docs) w.addDocument(doc);
            w.commit();
        }
    }

    private static Document fileRecord(String path, int chunks) {
        var f = new Document();
        f.add(new StringField(Schema.KIND, Schema.KIND_FILE, Field.Store.NO));
        f.add(new StringField(Schema.PATH, path, Field.Store.YES));
        f.add(new StoredField(Schema.HASH, "h"));
        f.add(new StoredField(Schema.CHUNK_COUNT, chunks));
        return f;
    }

    private static Document chunkRecord(String path, int ordinal, boolean vector) {
        var d = new Document();
        d.add(new StringField(Schema.KIND, Schema.KIND_CHUNK, Field.Store.NO));
        d.add(new StringField(Schema.PATH, path, Field.Store.YES));
        d.add(new StringField(Schema.ID, Chunk.id(path, ordinal), Field.Store.YES));
        d.add(new StoredField(Schema.ORDINAL, ordinal));
        if (vector) {
            float[] v = new float[DIM];
            v[0] = 1;
            d.add(new KnnFloatVectorField(Schema.VECTOR, v, VectorSimilarityFunction.COSINE));
        }
        return d;
    }

    @Test
    void documentRecordedTwiceIsReported() throws IOException {
        Path dir = build(tmp.resolve("i"));
        append(dir, fileRecord("/d/c.txt", 1));
        var r = IndexVerifier.check(dir);
        assertTrue(r.problems().contains("/d/c.txt: more than one file record (a document indexed twice)"), r.problems().toString());
        assertTrue(r.problems().contains("/d/c.txt: chunk id /d/c.txt#0 is stored twice") || r.problems().size() == 1, r.problems().toString());
    }

    @Test
    void orphanChunksAndWrongCountsAreReported() throws IOException {
        Path dir = build(tmp.resolve("i"));
        append(dir, chunkRecord("/d/orphan.txt", 0, true), fileRecord("/d/short.txt", 3), chunkRecord("/d/short.txt", 0, true),
                chunkRecord("/d/short.txt", 2, false));
        var r = IndexVerifier.check(dir);
        var all = String.join("\n", r.problems());
        assertTrue(all.contains("/d/orphan.txt: 1 chunk(s) but no file record"), all);
        assertTrue(all.contains("/d/short.txt: the file record says 3 chunk(s), the index holds 2"), all);
        assertTrue(all.contains("/d/short.txt: chunk 2 has no vector"), all);
    }
}
