package dev.cairn.rag;

import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real child JVM ingests a folder, committing every 4 files, and is killed with SIGKILL part-way. The index
 * must open at its last commit (whole batches only), and a re-run must finish the folder without duplicates.
 */
class CrashRecoveryTest {
    static final int FILES = 40;
    static final int COMMIT_FILES = 4;

    @TempDir
    Path tmp;

    /** The child: a slow ingest that reports each file on stdout. */
    public static void main(String[] args) {
        var slow = new HashingEmbedder();
        slow.delayMillis = 40;
        try (var store = LuceneChunkStore.open(Path.of(args[1]), slow.modelName(), slow.dimension(), LuceneStoreOptions.defaults())) {
            var options = IngestOptions.defaults().withCommitFiles(COMMIT_FILES);
            new Ingestor(store, slow, Chunker.defaults(), options).ingest(List.of(Path.of(args[0])), (done, total, file) -> {
                System.out.println("done " + done);
                System.out.flush();
            });
        }
        System.out.println("finished");
    }

    @Test
    void killDuringIngestLosesNothingCommittedAndRerunCompletes() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        for (int i = 0; i < FILES; i++) Files.writeString(docs.resolve(String.format("f%02d.txt", i)), "Document number " + i + " about topic t" + i + ".");
        Path index = tmp.resolve("index");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashRecoveryTest.class.getName(),
                docs.toString(), index.toString()).redirectErrorStream(true).start();
        int done = 0;
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("done ")) done = Integer.parseInt(line.substring(5));
                assertNotEquals("finished", line, "the child finished before it was killed");
                if (done >= 18) break;
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(done >= 18, "the child got to file " + done);

        var emb = new HashingEmbedder();
        try (var store = LuceneChunkStore.open(index, emb.modelName(), emb.dimension(), LuceneStoreOptions.defaults())) {
            long committed = store.info().documents();
            assertTrue(committed >= 16 && committed < FILES, "committed " + committed);
            assertEquals(0, committed % COMMIT_FILES, "only whole batches are committed: " + committed);
            assertEquals(committed, store.info().chunks(), "one chunk per file, none half-written");

            IngestReport rerun = new Ingestor(store, emb, Chunker.defaults(), IngestOptions.defaults()).ingest(List.of(docs));
            assertEquals(committed, rerun.unchanged());
            assertEquals(FILES - committed, rerun.added());
            assertEquals(FILES, store.info().documents());
            assertEquals(FILES, store.info().chunks());
            var ids = new HashSet<String>();
            for (ScoredChunk c : store.textSearch("document number topic", 1000, MetadataFilter.NONE))
                assertTrue(ids.add(c.chunk().id()), "duplicate " + c.chunk().id());
            assertEquals(FILES, ids.size());
        }
    }
}
