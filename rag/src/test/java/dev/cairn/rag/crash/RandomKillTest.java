package dev.cairn.rag.crash;

import dev.cairn.rag.Chunker;
import dev.cairn.rag.HashingEmbedder;
import dev.cairn.rag.IngestOptions;
import dev.cairn.rag.IngestReport;
import dev.cairn.rag.Ingestor;
import dev.cairn.rag.lucene.IndexVerifier;
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
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Ingest killed with SIGKILL at random moments, again and again on the same index, while the folder changes
 * between runs (files edited, deleted and added). Each trial starts a real child JVM ({@link #main}) that ingests
 * the folder with a slowed embedder, committing every 3 files, and kills it ({@link Process#destroyForcibly()})
 * after a random number of files plus a random delay, so kills land before the index opens, between commits and
 * inside them. After every kill: {@link IndexVerifier} finds the index sound (Lucene's CheckIndex and Cairn's
 * invariants: each document once, its chunks complete); then, every third trial and at the end, an uninterrupted
 * re-run completes it: every file of the folder indexed once with its current content, nothing else.
 *
 * <p>{@code mvn verify} runs 2 trials; the full run is {@code mvn -pl rag -am verify -Dtest=RandomKillTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcairn.crash.trials=20}. The seed is printed and can be fixed with
 * {@code -Dcairn.crash.seed=N}.
 */
class RandomKillTest {
    static final int FILES = 12;
    static final int COMMIT_FILES = 3;

    @TempDir
    Path tmp;

    /** The child: ingests args[0] into args[1], printing "done N" after each file, then "finished". */
    public static void main(String[] args) {
        var slow = new HashingEmbedder();
        slow.delayMillis = 10;
        try (var store = LuceneChunkStore.open(Path.of(args[1]), slow.modelName(), slow.dimension(), LuceneStoreOptions.defaults())) {
            System.out.println("open");
            System.out.flush();
            new Ingestor(store, slow, Chunker.defaults(), IngestOptions.defaults().withCommitFiles(COMMIT_FILES))
                    .ingest(List.of(Path.of(args[0])), (done, total, file) -> {
                        System.out.println("done " + done);
                        System.out.flush();
                    });
        }
        System.out.println("finished");
    }

    private static String content(int file, int version) {
        return "Document " + file + " version " + version + ". " + "It talks about topic t" + file + " at some length. ".repeat(1 + file % 4);
    }

    @Test
    void sigkillAtRandomMomentsNeverDamagesTheIndexAndARerunCompletesIt() throws Exception {
        int trials = Integer.getInteger("cairn.crash.trials", 2);
        long seed = Long.getLong("cairn.crash.seed", System.nanoTime());
        System.out.println("RandomKillTest: " + trials + " trials, seed " + seed + " (-Dcairn.crash.seed to repeat)");
        var random = new Random(seed);
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Path index = tmp.resolve("index");
        for (int i = 0; i < FILES; i++) Files.writeString(docs.resolve("f" + i + ".txt"), content(i, 0));
        String java = ProcessHandle.current().info().command().orElse("java");
        int killedMidway = 0;
        for (int trial = 1; trial <= trials; trial++) {
            String where = "trial " + trial + " (seed " + seed + ")";
            int killAfter = random.nextInt(-1, FILES + 1); // -1: as soon as the child says the index is open
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RandomKillTest.class.getName(),
                    docs.toString(), index.toString()).redirectErrorStream(true).start();
            boolean finished = false;
            try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("finished")) {
                        finished = true;
                        break;
                    }
                    int done = line.equals("open") ? -1 : line.startsWith("done ") ? Integer.parseInt(line.substring(5)) : -2;
                    if (done >= killAfter) {
                        Thread.sleep(random.nextInt(0, 25)); // lands anywhere in the next embed or commit
                        break;
                    }
                }
                child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no final commit
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), where);
            }
            if (!finished) killedMidway++;

            IndexVerifier.Report report = IndexVerifier.check(index);
            boolean noIndexYet = report.problems().size() == 1 && report.problems().getFirst().startsWith("no ");
            assertTrue(report.ok() || noIndexYet, where + ": " + report.problems());
            if (trial % 3 == 0 || trial == trials) rerunCompletes(docs, index, where);
            // the folder changes before the next run: one file edited, one deleted, one added back
            int edited = random.nextInt(FILES);
            Files.writeString(docs.resolve("f" + edited + ".txt"), content(edited, trial));
            Files.deleteIfExists(docs.resolve("f" + random.nextInt(FILES) + ".txt"));
            int added = random.nextInt(FILES);
            Files.writeString(docs.resolve("f" + added + ".txt"), content(added, trial));
        }
        assertTrue(killedMidway > 0, "no trial killed the child before it finished");
    }

    /** An uninterrupted ingest in this JVM leaves exactly the folder's files in the index, each once. */
    private static void rerunCompletes(Path docs, Path index, String where) throws IOException {
        var emb = new HashingEmbedder();
        try (var store = LuceneChunkStore.open(index, emb.modelName(), emb.dimension(), LuceneStoreOptions.defaults())) {
            IngestReport r = new Ingestor(store, emb, Chunker.defaults(), IngestOptions.defaults()).ingest(List.of(docs));
            assertEquals(0, r.failed(), where + ": " + r.problems());
            long files;
            try (var s = Files.list(docs)) {
                files = s.count();
            }
            assertEquals(files, store.info().documents(), where);
            assertEquals(files, store.documentHashes().size(), where);
            for (String path : store.documentHashes().keySet()) assertTrue(Files.exists(Path.of(path)), where + ": " + path + " is gone");
            IngestReport again = new Ingestor(store, emb, Chunker.defaults(), IngestOptions.defaults()).ingest(List.of(docs));
            assertEquals(files, again.unchanged(), where + ": a second run found changes: " + again.summary());
        }
        IndexVerifier.Report report = IndexVerifier.check(index);
        assertTrue(report.ok(), where + ": " + report.problems());
    }
}
