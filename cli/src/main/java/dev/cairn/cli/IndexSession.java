package dev.cairn.cli;

import dev.cairn.embeddings.EmbeddingException;
import dev.cairn.embeddings.OnnxEmbeddingService;
import dev.cairn.rag.Chunker;
import dev.cairn.rag.RagException;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An embedding model and the index built with it, opened for one command; closing closes both.
 * Chunks are at most 256 tokens of the model (fewer when the model sees fewer), with 32 tokens of overlap.
 */
final class IndexSession implements AutoCloseable {
    static final String DEFAULT_MODEL = "bge-small-en-v1.5";
    /** Lucene announces its vector support at INFO through java.util.logging; shown with -v only. Held: JUL loggers are weak. */
    private static final java.util.logging.Logger LUCENE_VECTORS = java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    static {
        if (Logging.verbosity() == 0) LUCENE_VECTORS.setLevel(java.util.logging.Level.WARNING);
    }

    final OnnxEmbeddingService model;
    final RagIndex index;

    private IndexSession(OnnxEmbeddingService model, RagIndex index) {
        this.model = model;
        this.index = index;
    }

    /** Opens (or creates) the index at {@code dir} for ingesting, with {@code modelName} or the one it was built with. */
    static IndexSession forWriting(Path dir, String modelName) {
        String name = modelName != null ? modelName : LuceneChunkStore.recordedModel(dir).orElse(DEFAULT_MODEL);
        OnnxEmbeddingService model = load(name, dir);
        try {
            var store = LuceneChunkStore.open(dir, model.modelName(), model.dimension(), LuceneStoreOptions.defaults());
            return new IndexSession(model, new RagIndex(store, model, chunker(model)));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Opens an existing index for searching, with the model it was built with unless {@code modelName} is given. */
    static IndexSession forReading(Path dir, String modelName) {
        String name = modelName != null ? modelName : LuceneChunkStore.recordedModel(dir).orElseThrow(() ->
                new RagException("no index at " + dir + " (build one with: cairn ingest DIR --index " + dir + ")"));
        OnnxEmbeddingService model = load(name, dir);
        try {
            var store = LuceneChunkStore.openReadOnly(dir, model.modelName(), model.dimension());
            return new IndexSession(model, new RagIndex(store, model, chunker(model)));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static OnnxEmbeddingService load(String name, Path dir) {
        try {
            return OnnxEmbeddingService.load(name);
        } catch (EmbeddingException e) {
            throw new RagException("cannot load embedding model '" + name + "' for index " + dir
                    + " (pass --model NAME|DIR): " + e.getMessage(), e);
        }
    }

    static Chunker chunker(OnnxEmbeddingService model) {
        int budget = Math.min(256, model.config().maxSequenceLength() - 2);
        return new Chunker(budget, Math.min(32, budget / 4), model::countTokens, model.modelName());
    }

    /**
     * Where {@code cairn ask --docs DIR} keeps DIR's index: {@code $CAIRN_HOME/indexes/<hash>} when CAIRN_HOME is
     * set, else {@code ~/.cache/cairn/indexes/<hash>}; the hash (16 hex digits of SHA-256) is over the folder's
     * absolute path and the embedding model's name, so each folder and model has its own index.
     */
    static Path defaultIndex(Path docs, String modelName) {
        Path base = home();
        String key = docs.toAbsolutePath().normalize() + "\0" + modelName;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return base.resolve("indexes").resolve(HexFormat.of().formatHex(h, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code $CAIRN_HOME}, else {@code ~/.cache/cairn}: default indexes and the answer cache live here. */
    static Path home() {
        String home = System.getProperty("cairn.home", System.getenv("CAIRN_HOME")); // the property is for tests
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".cache", "cairn");
    }

    @Override
    public void close() {
        try {
            index.close();
        } finally {
            model.close();
        }
    }
}
