package dev.cairn.rag;

import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.rag.IngestReport.Problem;
import dev.cairn.rag.IngestReport.Severity;
import dev.cairn.rag.load.DocumentLoaders;
import dev.cairn.rag.load.LoadedDocument;
import dev.cairn.rag.load.SourceWalker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Brings a store up to date with folders of documents. A file whose content hash (over its bytes, the chunker's
 * settings and the tags) matches the store's is left alone; a new or changed file is loaded, chunked, embedded
 * and replaces its old chunks; a file that is gone, or now skipped or broken, loses its chunks. Changes are
 * committed every {@link IngestOptions#commitFiles()} files and at the end, so an interrupted ingest keeps what
 * it committed and a re-run finishes the rest. One bad file is counted and reported, never fatal.
 */
public final class Ingestor {
    private static final Logger log = LoggerFactory.getLogger(Ingestor.class);

    /** Told after each file, for a progress bar. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total, path) -> {};

        void update(int done, int total, Path file);
    }

    private final ChunkStore store;
    private final EmbeddingService embedder;
    private final Chunker chunker;
    private final IngestOptions options;

    public Ingestor(ChunkStore store, EmbeddingService embedder, Chunker chunker, IngestOptions options) {
        this.store = store;
        this.embedder = embedder;
        this.chunker = chunker;
        this.options = options;
    }

    public IngestReport ingest(List<Path> roots) {
        return ingest(roots, Progress.NONE);
    }

    public IngestReport ingest(List<Path> roots, Progress progress) {
        return new Run(progress).run(roots);
    }

    /** One ingest's mutable state. */
    private final class Run {
        final Progress progress;
        final long t0 = System.nanoTime();
        final List<Problem> problems = new ArrayList<>();
        final List<Chunked> toEmbed = new ArrayList<>();
        final List<DocumentUpdate> toCommit = new ArrayList<>();
        final List<String> toDelete = new ArrayList<>();
        Map<String, String> known;
        int added, updated, unchanged, removed, skipped, failed, invalidUtf8;
        long chunks;

        Run(Progress progress) {
            this.progress = progress;
        }

        IngestReport run(List<Path> roots) {
            var walker = new SourceWalker(options.includes(), options.excludes(), options.maxFileBytes());
            SourceWalker.Walk walk = walker.walk(roots);
            known = store.documentHashes();
            var present = new HashSet<String>();
            for (SourceWalker.Skipped s : walk.skipped()) {
                present.add(s.path().toString());
                skipped++;
                problem(s.path().toString(), Severity.SKIPPED, s.reason());
            }
            int done = 0;
            for (SourceWalker.Found f : walk.files()) {
                String path = f.path().toString();
                present.add(path);
                file(f.path(), path);
                if (toCommit.size() + toEmbed.size() >= options.commitFiles()) commit();
                progress.update(++done, walk.files().size(), f.path());
            }
            for (String path : known.keySet()) {
                if (!present.contains(path) && underAny(path, roots)) {
                    toDelete.add(path);
                    removed++;
                }
            }
            for (SourceWalker.Skipped s : walk.skipped())
                if (known.containsKey(s.path().toString())) toDelete.add(s.path().toString());
            commit();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (walk.files().isEmpty() && walk.skipped().isEmpty())
                problems.add(new Problem(String.join(", ", roots.stream().map(Path::toString).toList()), Severity.WARNING,
                        "no files to ingest (the folder is empty or nothing matches the include globs)"));
            return new IngestReport(walk.files().size() + walk.skipped().size(), added, updated, unchanged, removed,
                    skipped, failed, chunks, invalidUtf8, seconds, problems);
        }

        void file(Path file, String path) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                drop(path, Severity.FAILED, "unreadable: " + e.getMessage());
                return;
            }
            String type = DocumentLoaders.typeOf(path);
            Optional<String> binary = type.equals("pdf") ? Optional.empty() : DocumentLoaders.binaryReason(bytes);
            if (binary.isPresent()) {
                drop(path, Severity.SKIPPED, binary.get());
                return;
            }
            String hash = hash(bytes);
            String old = known.get(path);
            if (hash.equals(old)) {
                unchanged++;
                return;
            }
            LoadedDocument loaded;
            try {
                loaded = DocumentLoaders.load(path, bytes);
            } catch (RagException e) {
                drop(path, Severity.FAILED, e.getMessage().startsWith(path) ? e.getMessage().substring(path.length()).replaceFirst("^: ", "") : e.getMessage());
                return;
            } catch (RuntimeException | StackOverflowError e) { // a parser's bug or a regex on a pathological line
                drop(path, Severity.FAILED, "cannot be read as " + type + ": " + e);
                return;
            }
            if (loaded.invalidUtf8() > 0) {
                invalidUtf8++;
                problem(path, Severity.WARNING, loaded.invalidUtf8() + " invalid UTF-8 sequence(s) replaced by U+FFFD");
            }
            for (String w : loaded.warnings()) problem(path, Severity.WARNING, w);
            Document doc = loaded.document().withTags(options.tags());
            List<Chunk> cs = chunker.chunk(doc);
            if (cs.size() > options.maxChunks()) {
                drop(path, Severity.SKIPPED, "too many chunks: " + cs.size() + ", more than the limit of "
                        + options.maxChunks() + " per document (IngestOptions.maxChunks)");
                return;
            }
            if (old == null) added++;
            else updated++;
            toEmbed.add(new Chunked(path, hash, cs));
            if (toEmbed.stream().mapToInt(c -> c.chunks.size()).sum() >= options.embedBatch()) embed();
        }

        /** A file that is skipped or failed: counted, reported, and its old chunks removed. */
        void drop(String path, Severity severity, String why) {
            if (severity == Severity.FAILED) failed++;
            else skipped++;
            problem(path, severity, why);
            if (known.containsKey(path)) toDelete.add(path);
        }

        void problem(String path, Severity severity, String message) {
            var p = new Problem(path, severity, message);
            problems.add(p);
            log.info("{}", p); // the report carries it; callers decide how loudly to show it
        }

        /** Embeds everything waiting, in batches, and queues the results for the next commit. */
        void embed() {
            var all = new ArrayList<String>();
            for (Chunked c : toEmbed) for (Chunk ch : c.chunks) all.add(ch.embeddingText());
            var vectors = new ArrayList<float[]>(all.size());
            for (int i = 0; i < all.size(); i += options.embedBatch()) {
                List<String> batch = all.subList(i, Math.min(all.size(), i + options.embedBatch()));
                List<float[]> got = embedder.embedPassages(batch);
                if (got.size() != batch.size())
                    throw new RagException("embedding model " + embedder.modelName() + " returned " + got.size()
                            + " vectors for " + batch.size() + " texts");
                vectors.addAll(got);
            }
            int at = 0;
            for (Chunked c : toEmbed) {
                toCommit.add(new DocumentUpdate(c.path, c.hash, c.chunks, vectors.subList(at, at + c.chunks.size())));
                at += c.chunks.size();
                chunks += c.chunks.size();
            }
            toEmbed.clear();
        }

        void commit() {
            embed();
            if (toCommit.isEmpty() && toDelete.isEmpty()) return;
            store.commit(toCommit, toDelete);
            toCommit.clear();
            toDelete.clear();
        }
    }

    private record Chunked(String path, String hash, List<Chunk> chunks) {}

    private static boolean underAny(String path, List<Path> roots) {
        for (Path r : roots) {
            String root = r.toAbsolutePath().normalize().toString();
            if (path.equals(root) || path.startsWith(root.endsWith(File.separator) ? root : root + File.separator)) return true;
        }
        return false;
    }

    /** SHA-256 over the bytes, the chunker's settings and the tags: any of them changing re-ingests the file. */
    private String hash(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes);
            md.update(("\0" + chunker.fingerprint() + "\0" + String.join(",", new TreeSet<>(options.tags())))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
