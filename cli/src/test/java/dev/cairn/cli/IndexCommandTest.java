package dev.cairn.cli;

import dev.cairn.rag.Chunk;
import dev.cairn.rag.DocumentUpdate;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

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
 * {@code cairn index check} on a real Lucene index on disk (written through {@link LuceneChunkStore} with fixed
 * vectors, no embedding model needed): sound, truncated, corrupted, and a folder that is not an index.
 */
class IndexCommandTest {
    @TempDir
    Path tmp;

    private Path index() {
        Path dir = tmp.resolve("index");
        try (var store = LuceneChunkStore.open(dir, "test-model", 4, LuceneStoreOptions.defaults())) {
            for (int f = 0; f < 3; f++) {
                String path = "/docs/f" + f + ".md";
                var chunks = new ArrayList<Chunk>();
                var vectors = new ArrayList<float[]>();
                for (int i = 0; i <= f; i++) {
                    String text = "chunk " + i + " of " + path;
                    chunks.add(new Chunk(path, i, "markdown", "F" + f, List.of(), text, 0, text.length(), 0, Set.of()));
                    vectors.add(new float[] {1, i, f, 1});
                }
                store.commit(List.of(new DocumentUpdate(path, "h" + f, chunks, vectors)), List.of());
            }
        }
        return dir;
    }

    private static Path largestDataFile(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("segments") && !p.getFileName().toString().equals("write.lock"))
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
    }

    @Test
    void soundIndexIsOk() throws Exception {
        Path dir = index();
        CairnTest.Run r = CairnTest.run("index", "check", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("index " + dir + ": ok (3 documents, 6 chunks, 3 segment(s), model test-model, 4 dimensions)", r.out().strip());

        CairnTest.Run json = CairnTest.run("index", "check", "--json", dir.toString());
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertTrue(node.get("ok").asBoolean());
        assertEquals(6, node.get("chunks").asInt());
        assertTrue(node.get("problems").isEmpty());
    }

    @Test
    void truncatedIndexIsDamagedWithARebuildHint() throws Exception {
        Path dir = index();
        try (var ch = FileChannel.open(largestDataFile(dir), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 40);
        }
        CairnTest.Run r = CairnTest.run("index", "check", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("cairn index check: index " + dir + " is damaged"), r.err());
        assertTrue(r.err().contains("Lucene: segment _"), r.err());
        assertTrue(r.err().contains("rebuild it: move " + dir + " aside"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void corruptedByteIsFoundAndReportedAsJson() throws Exception {
        Path dir = index();
        Path victim = largestDataFile(dir);
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(victim, bytes);
        CairnTest.Run r = CairnTest.run("index", "check", "--json", dir.toString());
        assertEquals(1, r.code());
        JsonNode node = new ObjectMapper().readTree(r.out());
        assertFalse(node.get("ok").asBoolean());
        assertTrue(node.get("problems").get(0).asString().startsWith("Lucene: segment _"), node.toString());
        assertTrue(node.get("rebuild").asString().contains("cairn ingest"), node.toString());
    }

    @Test
    void notAnIndex() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        CairnTest.Run r = CairnTest.run("index", "check", tmp.resolve("empty").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no Lucene commit (segments_N file) in " + tmp.resolve("empty")), r.err());
        assertEquals(2, CairnTest.run("index").code(), "a missing subcommand is a usage error");
    }
}
