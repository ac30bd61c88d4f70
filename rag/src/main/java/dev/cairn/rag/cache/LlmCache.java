package dev.cairn.rag.cache;

import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.rag.RagException;
import dev.cairn.rag.answer.AnswerGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A persistent cache of language-model responses, keyed by model, prompt and generation parameters
 * ({@link CacheKey}). A lookup first tries the exact key; then, when an embedding model is given and
 * {@link CacheOptions#semantic()}, the cached prompt of the same model and parameters whose embedding is most
 * similar to the new prompt's, if its cosine similarity reaches the threshold. Entries expire {@link
 * CacheOptions#ttl()} after they were stored, by the given clock.
 *
 * <p>Each entry is one file in the cache folder, written to a temporary file and moved into place, so a crash
 * never leaves half an entry, and a reopened cache sees everything stored before. Entries are held in memory
 * too; a semantic lookup compares against all entries of its scope (fine for thousands of entries). Files that
 * cannot be read are skipped with a warning. Prompts embedded for semantic matching are cut at the embedding
 * model's token limit; for long RAG prompts, key on the question rather than the whole prompt.
 *
 * <pre>{@code
 * try (var cache = LlmCache.open(dir, CacheOptions.defaults(), embedder, Clock.systemUTC())) {
 *     AnswerGenerator g = cache.cached(localModel, "qwen3-0.6b-q8_0", Map.of("temperature", "0", "max_tokens", "512"));
 * }
 * }</pre>
 */
public final class LlmCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LlmCache.class);
    private static final String SUFFIX = ".entry";

    private final Path dir;
    private final CacheOptions options;
    private final EmbeddingService embedder; // null: exact matches only
    private final Clock clock;
    private final Map<String, CacheEntry> entries = new ConcurrentHashMap<>();

    private LlmCache(Path dir, CacheOptions options, EmbeddingService embedder, Clock clock) {
        this.dir = dir;
        this.options = options;
        this.embedder = embedder;
        this.clock = clock;
    }

    /**
     * Opens the cache in {@code dir}, creating the folder if needed, and loads its unexpired entries.
     *
     * @param embedder for semantic matches, or null for exact matches only; it stays the caller's to close
     */
    public static LlmCache open(Path dir, CacheOptions options, EmbeddingService embedder, Clock clock) {
        var cache = new LlmCache(dir, options, embedder, clock);
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path f : files) cache.load(f);
            }
        } catch (IOException e) {
            throw new RagException("cannot open LLM cache " + dir + ": " + e.getMessage(), e);
        }
        return cache;
    }

    private void load(Path f) {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            CacheEntry e = CacheEntry.read(in);
            String name = f.getFileName().toString();
            if (!name.equals(e.key().digest() + SUFFIX)) throw new IOException("file name does not match its key");
            if (expired(e)) Files.deleteIfExists(f);
            else entries.put(e.key().digest(), e);
        } catch (IOException | RuntimeException e) {
            log.warn("LLM cache {}: skipping unreadable entry {}: {}", dir, f.getFileName(), e.getMessage());
        }
    }

    /** The cached response for {@code key}: exact, or else semantically similar; empty on a miss. */
    public Optional<CacheHit> get(CacheKey key) {
        return lookup(key, null).hit;
    }

    private record Lookup(Optional<CacheHit> hit, float[] vector) {}

    /** {@code vector}: the prompt's embedding when already known. */
    private Lookup lookup(CacheKey key, float[] vector) {
        CacheEntry exact = entries.get(key.digest());
        if (exact != null && !expire(exact))
            return new Lookup(Optional.of(new CacheHit(exact.response(), true, 1.0, exact.key().prompt(), exact.created())), vector);
        if (!semantic()) return new Lookup(Optional.empty(), vector);
        float[] v = vector != null ? vector : embed(key.prompt());
        String scope = key.scope();
        CacheEntry best = null;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (CacheEntry e : entries.values()) {
            if (!e.embeddingModel().equals(embedder.modelName()) || e.vector().length != v.length) continue;
            if (!e.key().scope().equals(scope)) continue;
            double sim = cosine(v, e.vector());
            if (sim >= options.similarityThreshold() && sim > bestSim && !expire(e)) {
                best = e;
                bestSim = sim;
            }
        }
        if (best == null) return new Lookup(Optional.empty(), v);
        return new Lookup(Optional.of(new CacheHit(best.response(), false, bestSim, best.key().prompt(), best.created())), v);
    }

    /** Stores a response, replacing any for the same key; it is on disk when this returns. */
    public void put(CacheKey key, String response) {
        put(key, response, semantic() ? embed(key.prompt()) : null);
    }

    private void put(CacheKey key, String response, float[] vector) {
        var e = new CacheEntry(key, response, clock.instant(), vector == null ? "" : embedder.modelName(),
                vector == null ? new float[0] : vector);
        String digest = key.digest();
        Path target = dir.resolve(digest + SUFFIX);
        Path tmp = dir.resolve(digest + ".tmp");
        try {
            try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                e.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ex) {
            throw new RagException("cannot write LLM cache entry " + target + ": " + ex.getMessage(), ex);
        }
        entries.put(digest, e);
    }

    /**
     * A generator that answers from this cache when it can and otherwise asks {@code generator} and stores the
     * answer, under {@code model} and {@code parameters} (which must name everything that changes the output).
     */
    public AnswerGenerator cached(AnswerGenerator generator, String model, Map<String, String> parameters) {
        return prompt -> {
            CacheKey key = new CacheKey(model, prompt, parameters);
            Lookup l = lookup(key, null);
            if (l.hit.isPresent()) return l.hit.get().response();
            String response = generator.generate(prompt);
            put(key, response, semantic() ? (l.vector != null ? l.vector : embed(prompt)) : null);
            return response;
        };
    }

    /** Unexpired entries. */
    public int size() {
        entries.values().removeIf(this::expiredAndDeleted);
        return entries.size();
    }

    /** Deletes every entry. */
    public void clear() {
        for (CacheEntry e : List.copyOf(entries.values())) delete(e);
    }

    private boolean semantic() {
        return embedder != null && options.semantic();
    }

    private float[] embed(String text) {
        return embedder.embedPassages(List.of(text)).getFirst();
    }

    private boolean expired(CacheEntry e) {
        return !clock.instant().isBefore(e.created().plus(options.ttl()));
    }

    /** True (and the entry gone) when expired. */
    private boolean expire(CacheEntry e) {
        if (!expired(e)) return false;
        delete(e);
        return true;
    }

    private boolean expiredAndDeleted(CacheEntry e) {
        if (!expired(e)) return false;
        deleteFile(e);
        return true;
    }

    private void delete(CacheEntry e) {
        entries.remove(e.key().digest(), e);
        deleteFile(e);
    }

    private void deleteFile(CacheEntry e) {
        try {
            Files.deleteIfExists(dir.resolve(e.key().digest() + SUFFIX));
        } catch (IOException ex) {
            log.warn("LLM cache {}: cannot delete expired entry: {}", dir, ex.getMessage());
        }
    }

    private static double cosine(float[] a, float[] b) {
        double s = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : s / Math.sqrt(na * nb);
    }

    /** Nothing to release (entries are on disk as soon as they are put); here for try-with-resources. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "LlmCache[" + dir + ", " + entries.size() + " entries, " + options + "]";
    }
}
