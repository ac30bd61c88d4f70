package dev.cairn.embeddings;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cairn.tokenizers.Tokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link EmbeddingService} running a sentence-transformers style encoder on ONNX Runtime, with the model's
 * {@code tokenizer.json}, in process. Thread-safe: callers tokenize concurrently and share one session.
 *
 * <pre>{@code
 * try (var embedder = OnnxEmbeddingService.load("bge-small-en-v1.5")) {
 *     List<float[]> vectors = embedder.embedPassages(chunks);
 *     float[] q = embedder.embedQuery("how do I ...?");
 * }
 * }</pre>
 *
 * <p>Texts are tokenized, sorted by length and run in batches padded only to their longest member; results come back
 * in the caller's order. A text longer than {@link ModelConfig#maxSequenceLength()} is truncated to its first
 * tokens (its special tokens kept), exactly as LangChain4j's in-process models do (their tokenizer truncates before
 * their partition-and-average code sees the text, so that code never splits), and counted in {@link #stats()}.
 * An empty or whitespace-only text (no tokens) is embedded as the special tokens alone ({@code [CLS] [SEP]}), as
 * sentence-transformers does; LangChain4j rejects it instead. It is counted as {@link EmbeddingStats#empty()}.
 */
public final class OnnxEmbeddingService implements EmbeddingService {
    private static final Logger log = LoggerFactory.getLogger(OnnxEmbeddingService.class);

    private final ModelConfig config;
    private final Tokenizer tokenizer;
    private final OnnxEncoder encoder;
    private final BatchPlanner planner;
    private final int room;
    private final ExecutorService runners; // null: batches run on the caller's thread
    private final LongAdder texts = new LongAdder();
    private final LongAdder tokens = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder empty = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder positions = new LongAdder();
    private volatile boolean closed;

    OnnxEmbeddingService(ModelConfig config, Tokenizer tokenizer, OnnxEncoder encoder, BatchPlanner planner) {
        this.runners = encoder.parallelism() > 1 ? Executors.newFixedThreadPool(encoder.parallelism(), r -> {
            Thread t = new Thread(r, "cairn-embed");
            t.setDaemon(true);
            return t;
        }) : null;
        this.config = config;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.planner = planner;
        this.room = config.maxSequenceLength() - tokenizer.specialTokenCount();
        if (room < 1) {
            throw new EmbeddingException("model " + config.name() + ": max sequence length " + config.maxSequenceLength()
                    + " leaves no room for text beside " + tokenizer.specialTokenCount() + " special tokens");
        }
    }

    /** Loads a built-in model by name ({@link BuiltInModel#names()}) or a model directory, with its own settings. */
    public static OnnxEmbeddingService load(String nameOrDirectory) {
        return builder().model(nameOrDirectory).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        return embed(texts, config.passagePrefix()).vectors();
    }

    @Override
    public float[] embedQuery(String query) {
        return embed(List.of(Objects.requireNonNull(query, "query")), config.queryPrefix()).vectors().getFirst();
    }

    /** Embeds queries, each with the model's query prefix, batched like passages. */
    @Override
    public List<float[]> embedQueries(List<String> queries) {
        return embed(queries, config.queryPrefix()).vectors();
    }

    /**
     * The tokens the model's tokenizer makes of a passage (its prefix included, special tokens not), before
     * truncation; more than {@code maxSequenceLength() - 2} (for BERT-style models) means it will be truncated.
     */
    public int countTokens(String text) {
        String p = config.passagePrefix();
        return tokenizer.encode(p.isEmpty() ? text : p + text, false, true).length;
    }

    /** Vectors in the callers' order, and the tokens they took (special tokens excluded, after truncation). */
    record Embedded(List<float[]> vectors, long tokens) {}

    Embedded embed(List<String> input, String prefix) {
        if (closed) throw new EmbeddingException("model " + config.name() + ": the embedding service is closed");
        if (input == null || input.isEmpty()) {
            throw new EmbeddingException("nothing to embed: the list of texts is empty");
        }
        int n = input.size();
        List<int[]> sequences = new ArrayList<>(n);
        int[] lengths = new int[n];
        long tokenCount = 0;
        int cut = 0;
        int none = 0;
        for (int i = 0; i < n; i++) {
            String text = input.get(i);
            if (text == null) throw new EmbeddingException("text " + i + " of " + n + " is null");
            int[] ids = tokenizer.encode(prefix.isEmpty() ? text : prefix + text, false, true);
            if (ids.length > room) {
                ids = Arrays.copyOf(ids, room);
                cut++;
            } else if (ids.length == 0) {
                none++;
            }
            tokenCount += ids.length;
            int[] seq = tokenizer.addSpecialTokens(ids);
            sequences.add(seq);
            lengths[i] = seq.length;
        }
        float[][] out = new float[n][];
        List<int[]> plan = planner.plan(lengths);
        if (runners == null || plan.size() == 1) {
            for (int[] batch : plan) runBatch(batch, sequences, out);
        } else {
            List<Future<?>> pending = new ArrayList<>(plan.size());
            for (int[] batch : plan) pending.add(runners.submit(() -> runBatch(batch, sequences, out)));
            awaitAll(pending);
        }
        texts.add(n);
        tokens.add(tokenCount);
        truncated.add(cut);
        empty.add(none);
        batches.add(plan.size());
        return new Embedded(Arrays.asList(out), tokenCount);
    }

    private void runBatch(int[] batch, List<int[]> sequences, float[][] out) {
        List<int[]> rows = new ArrayList<>(batch.length);
        for (int i : batch) rows.add(sequences.get(i));
        float[][] vectors = encoder.run(rows);
        int longest = 0;
        for (int[] r : rows) longest = Math.max(longest, r.length);
        positions.add((long) longest * rows.size());
        for (int j = 0; j < batch.length; j++) {
            out[batch[j]] = config.normalize() ? normalize(vectors[j]) : vectors[j];
        }
    }

    private static void awaitAll(List<Future<?>> pending) {
        RuntimeException failure = null;
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new EmbeddingException("embedding failed: " + e.getCause(), e.getCause());
                if (failure == null) failure = cause;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.forEach(p -> p.cancel(true));
                throw new EmbeddingException("interrupted while embedding", e);
            }
        }
        if (failure != null) throw failure;
    }

    /** Scales to unit length; a zero vector stays zero. */
    static float[] normalize(float[] v) {
        float sum = 0;
        for (float x : v) sum += x * x;
        float norm = (float) Math.sqrt(sum);
        if (norm == 0) return v;
        for (int i = 0; i < v.length; i++) v[i] /= norm;
        return v;
    }

    @Override
    public int dimension() {
        return encoder.dimension();
    }

    @Override
    public String modelName() {
        return config.name();
    }

    /** The settings this service runs with. */
    public ModelConfig config() {
        return config;
    }

    /**
     * Whether texts share model runs. Models whose results depend on what else is in the batch (dynamically
     * quantized ones such as all-minilm-l6-v2-q) run one text at a time, so a text's vector never depends on its
     * neighbours; this is measured when the model loads.
     */
    public boolean batched() {
        return planner.maxRows() > 1;
    }

    /** Whether the model's last layer computes only the first token ({@link Builder#firstTokenOnly(boolean)}). */
    boolean firstTokenOnly() {
        return encoder.firstTokenOnly();
    }

    @Override
    public EmbeddingStats stats() {
        return new EmbeddingStats(texts.sum(), tokens.sum(), truncated.sum(), empty.sum(), batches.sum(),
                positions.sum());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (runners != null) runners.shutdownNow();
        encoder.close();
    }

    @Override
    public String toString() {
        return "OnnxEmbeddingService[" + config + ", dimension=" + dimension() + "]";
    }

    /**
     * Chooses a model and, optionally, overrides what it says about itself.
     *
     * <p>Defaults, measured on a 2-core machine with bge-small-en-v1.5 (CPU time per text, lower is better): as many
     * concurrent model runs as cores, each on one ONNX Runtime thread (about 56 ms per text; one run on two threads
     * about 59 ms, with thread spinning about 100 ms), and small batches of at most 512 padded tokens (8192-token
     * batches cost about 99 ms per text: their activations no longer fit the caches).
     */
    public static final class Builder {
        private ModelSource source = new ModelSource.BuiltIn(BuiltInModel.DEFAULT);
        private Settings overrides = Settings.NONE;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Integer parallelism; // default: threads
        private int maxBatchTokens = 512;
        private int maxBatchSize = 32;
        private boolean spinning = false;
        private boolean firstTokenOnly = true;
        private ModelCache cache = ModelCache.standard().orElse(null);

        private Builder() {}

        /** A built-in model name or a model directory. */
        public Builder model(String nameOrDirectory) {
            source = ModelSource.of(Objects.requireNonNull(nameOrDirectory, "model"));
            return this;
        }

        public Builder model(BuiltInModel model) {
            source = new ModelSource.BuiltIn(model);
            return this;
        }

        /**
         * A sentence-transformers style directory: model.onnx (or onnx/model.onnx), tokenizer.json, and optionally
         * 1_Pooling/config.json, modules.json, sentence_bert_config.json, config_sentence_transformers.json,
         * tokenizer_config.json.
         */
        public Builder modelDirectory(Path dir) {
            source = new ModelSource.Directory(dir);
            return this;
        }

        /** An ONNX file and its tokenizer.json; pooling defaults to mean unless set. */
        public Builder modelFiles(Path onnx, Path tokenizerJson) {
            source = new ModelSource.FilePair(onnx, tokenizerJson);
            return this;
        }

        /** The name recorded with indexes (default: the built-in name, or the directory's or file's name). */
        public Builder name(String name) {
            overrides = overrides.withName(name);
            return this;
        }

        public Builder pooling(Pooling pooling) {
            overrides = overrides.withPooling(pooling);
            return this;
        }

        public Builder normalize(boolean normalize) {
            overrides = overrides.withNormalize(normalize);
            return this;
        }

        /** Tokens per text, special tokens included; longer texts are truncated. */
        public Builder maxSequenceLength(int tokens) {
            overrides = overrides.withMaxSequenceLength(tokens);
            return this;
        }

        public Builder queryPrefix(String prefix) {
            overrides = overrides.withQueryPrefix(Objects.requireNonNull(prefix, "queryPrefix"));
            return this;
        }

        public Builder passagePrefix(String prefix) {
            overrides = overrides.withPassagePrefix(Objects.requireNonNull(prefix, "passagePrefix"));
            return this;
        }

        /** CPU threads for the model, shared among {@link #parallelism(int)} runs (default: available cores). */
        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
            this.threads = threads;
            return this;
        }

        /**
         * Model runs that may proceed at once, each on {@code threads / parallelism} ONNX Runtime intra-op threads
         * (default: {@code threads}, so each run has one thread and none waits on another's).
         */
        public Builder parallelism(int runs) {
            if (runs < 1) throw new IllegalArgumentException("parallelism must be at least 1: " + runs);
            this.parallelism = runs;
            return this;
        }

        /** Padded tokens (texts x longest) per model run. */
        public Builder maxBatchTokens(int tokens) {
            if (tokens < 1) throw new IllegalArgumentException("maxBatchTokens must be at least 1: " + tokens);
            this.maxBatchTokens = tokens;
            return this;
        }

        /** Texts per model run. */
        public Builder maxBatchSize(int texts) {
            if (texts < 1) throw new IllegalArgumentException("maxBatchSize must be at least 1: " + texts);
            this.maxBatchSize = texts;
            return this;
        }

        /**
         * Whether ONNX Runtime's worker threads spin while waiting for work (default: no; spinning wastes the
         * cores that other runs and other processes need).
         */
        public Builder spinning(boolean spinning) {
            this.spinning = spinning;
            return this;
        }

        /**
         * Whether a CLS-pooled model's last layer may compute the first token alone, the only one CLS pooling reads
         * (default: yes; the same vectors with about a twelfth less work for a 12-layer model). Models whose graph
         * does not have the expected BERT shape always run whole.
         */
        public Builder firstTokenOnly(boolean firstTokenOnly) {
            this.firstTokenOnly = firstTokenOnly;
            return this;
        }

        /**
         * Where built-in models are kept inflated (and pruned) between runs, or null for nowhere (default:
         * {@code $CAIRN_HOME/models}, else {@code ~/.cache/cairn/models}); saves about a second of CPU per start.
         */
        public Builder modelCache(Path directory) {
            this.cache = directory == null ? null : new ModelCache(directory);
            return this;
        }

        public OnnxEmbeddingService build() {
            long start = System.nanoTime();
            ModelConfig config = ModelConfig.resolve(source.settings().overriddenBy(overrides), "model");
            Tokenizer tokenizer = source.openTokenizer();
            if (config.maxSequenceLength() - tokenizer.specialTokenCount() < 1) {
                throw new EmbeddingException("model " + config.name() + ": max sequence length " + config.maxSequenceLength()
                        + " leaves no room for text beside " + tokenizer.specialTokenCount() + " special tokens");
            }
            NativeLibraryCache.install(); // before ONNX Runtime's first use in this process
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OnnxEncoder encoder = openEncoder(env, config);
            try {
                int[] shortProbe = tokenizer.addSpecialTokens(tokenizer.encode("Batching probe.", false, false));
                int[] longProbe = tokenizer.addSpecialTokens(tokenizer.encode(
                        "A longer probe: does padding or a neighbour change the other row's vector?", false, false));
                boolean batchable;
                try {
                    batchable = encoder.batchInvariant(shortProbe, longProbe);
                } catch (EmbeddingException e) {
                    if (!encoder.firstTokenOnly()) throw e;
                    log.warn("{}: the model with its last layer cut to the first token fails ({}); running it whole",
                            source.onnxName(), e.getMessage());
                    encoder.close();
                    encoder = openEncoder(env, config, false);
                    batchable = encoder.batchInvariant(shortProbe, longProbe);
                }
                var planner = batchable
                        ? new BatchPlanner(maxBatchTokens, maxBatchSize, !encoder.hasAttentionMask())
                        : new BatchPlanner(maxBatchTokens, 1, false);
                var service = new OnnxEmbeddingService(config, tokenizer, encoder, planner);
                log.info("loaded {} ({} dims, {} pooling{}{}, {} tokens max, {}, {} run(s) at once x {} thread(s)) "
                                + "from {} in {} ms", config.name(),
                        encoder.dimension(), encoder.pooledOutput() ? "model's own" : config.pooling(),
                        encoder.firstTokenOnly() ? " (last layer on the first token only)" : "",
                        config.normalize() ? ", normalized" : "", config.maxSequenceLength(),
                        batchable ? "batched" : "one text per run: results depend on the batch (quantized?)",
                        runs(), Math.max(1, threads / runs()), source.onnxName(), (System.nanoTime() - start) / 1_000_000);
                return service;
            } catch (RuntimeException e) {
                try {
                    encoder.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        private OnnxEncoder openEncoder(OrtEnvironment env, ModelConfig config) {
            return openEncoder(env, config, firstTokenOnly && config.pooling() == Pooling.CLS);
        }

        /**
         * Opens the model, with its last layer cut to the first token if asked and the model has the expected shape
         * (CLS pooling reads nothing else), else whole; a built-in model from the {@link ModelCache} when it is there.
         */
        private OnnxEncoder openEncoder(OrtEnvironment env, ModelConfig config, boolean tryFirstTokenOnly) {
            Optional<String> cacheName = cache == null ? Optional.empty() : source.cacheName()
                    .map(n -> tryFirstTokenOnly ? n + "-" + FirstTokenPruning.VERSION : n);
            OrtSession session = null;
            boolean pruned = false;
            try (OrtSession.SessionOptions options = sessionOptions(Math.max(1, threads / runs()))) {
                Optional<Path> cached = cacheName.flatMap(cache::find);
                if (cached.isPresent()) {
                    try {
                        session = env.createSession(cached.get().toString(), options);
                        pruned = tryFirstTokenOnly;
                    } catch (OrtException e) {
                        log.debug("model cache: ONNX Runtime rejects {}: {}", cached.get(), e.getMessage());
                        cache.evict(cached.get());
                    }
                }
                if (session == null && (tryFirstTokenOnly || cacheName.isPresent())) {
                    Optional<byte[]> read = source.readModel();
                    if (read.isPresent()) {
                        byte[] model = read.get();
                        if (tryFirstTokenOnly) {
                            Optional<byte[]> edited = FirstTokenPruning.rewrite(model, source.onnxName());
                            pruned = edited.isPresent();
                            if (pruned) model = edited.get();
                        }
                        session = source.openSession(env, options, model);
                        if (cacheName.isPresent() && pruned == tryFirstTokenOnly) cache.store(cacheName.get(), model);
                    }
                }
                if (session == null) session = source.openSession(env, options);
            }
            try {
                // the pruning keeps only models whose one output is token vectors, so CLS pooling applies
                return new OnnxEncoder(env, session, source.onnxName(), config.pooling(), runs(), pruned);
            } catch (RuntimeException e) {
                try {
                    session.close();
                } catch (OrtException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        private int runs() {
            return parallelism != null ? parallelism : threads;
        }

        private OrtSession.SessionOptions sessionOptions(int intraOpThreads) {
            var options = new OrtSession.SessionOptions();
            try {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setIntraOpNumThreads(intraOpThreads);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
                return options;
            } catch (OrtException e) {
                options.close();
                throw new EmbeddingException("cannot configure ONNX Runtime: " + e.getMessage(), e);
            }
        }
    }
}
