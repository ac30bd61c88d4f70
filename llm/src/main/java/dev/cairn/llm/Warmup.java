package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.gguf.GgufWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Gets the JIT to compile a model's kernels before its first real forward pass. A process's first tokens otherwise
 * run the Vector API kernels in the interpreter and C1, where every vector is a boxed object: a 1B model's first
 * prefill took seconds. {@link #start} runs a tiny model of the same tensor types (zero weights, one layer, dim 256,
 * a 256-token vocabulary, in a temporary mapped file so the memory segments are of the mapped kind the real model
 * uses) through the same entry points as generation (prompt, decode steps, sampling, log-probabilities) on a
 * background thread, while the caller builds the tokenizer and the prompt. It stops once the JIT has had nothing
 * new to compile for a while, or after at most 40 rounds or 2 seconds; {@link #await} waits for that. A failure
 * (no writable temporary directory, say) only ends the warm-up early.
 *
 * <pre>{@code
 * Model model = Model.load(path);
 * Warmup warmup = Warmup.start(model, KvCacheType.F32);
 * int[] prompt = model.encode(text);      // meanwhile
 * warmup.await(3, TimeUnit.SECONDS);
 * }</pre>
 */
public final class Warmup {
    private static final Logger log = LoggerFactory.getLogger(Warmup.class);

    private static final int DIM = 256, HEADS = 4, KV_HEADS = 2, FFN = 256, VOCAB = 256, CONTEXT = 64;
    /**
     * Five prompt tokens: the batched product's four-token tile and its one-token remainder (the first round runs in
     * the interpreter, where each vector operation costs microseconds: every extra token is felt).
     */
    private static final int[] PROMPT = {1, 2, 3, 4, 5};
    private static final int DECODE_STEPS = 2;
    /**
     * Rounds that always run; then rounds until the JIT has finished nothing new for {@link #QUIET_NANOS}, at most
     * {@link #MAX_ROUNDS} or until {@link #DEADLINE_NANOS}. Traced on this 2-core machine, the kernels reached their
     * compiled speed after 15 to 35 rounds (the first round, interpreted, takes most of the time).
     */
    private static final int MIN_ROUNDS = 12, MAX_ROUNDS = 40;
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile int rounds;
    private volatile long nanos;

    private Warmup() {}

    /** Starts warming up, on a daemon thread, the kernels {@code model} computes with and a {@code kvType} cache. */
    public static Warmup start(Model model, KvCacheType kvType) {
        Warmup w = new Warmup();
        TinyModel shape = TinyModel.like(model.gguf());
        int vocabulary = model.vocabularySize();
        Thread t = new Thread(() -> w.run(shape, kvType, vocabulary), "cairn-warmup");
        t.setDaemon(true);
        t.start();
        return w;
    }

    /** Waits until the warm-up has ended, at most {@code timeout}; whether it has. */
    public boolean await(long timeout, TimeUnit unit) {
        try {
            return done.await(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The rounds run so far. */
    public int rounds() {
        return rounds;
    }

    /** How long the warm-up took, in nanoseconds (0 until it ended). */
    public long nanos() {
        return nanos;
    }

    private void run(TinyModel shape, KvCacheType kvType, int vocabulary) {
        long start = System.nanoTime();
        Path file = null;
        try {
            file = Files.createTempFile("cairn-warmup-", ".gguf");
            shape.write(file);
            if (log.isTraceEnabled()) log.trace("warm-up model written: {} µs", (System.nanoTime() - start) / 1000);
            try (Model tiny = Model.load(file)) {
                // mapped now: on POSIX systems the file can go at once (nothing is left behind if the JVM exits
                // mid-warm-up); where a mapped file cannot be deleted, the finally block does it after closing
                if (deleteQuietly(file)) file = null;
                // the sampler and log-probabilities see logits of the real vocabulary's size (their loops and
                // branches are profiled as the real ones will run)
                float[] logits = new float[vocabulary];
                SplittableRandom random = new SplittableRandom(1);
                for (int i = 0; i < logits.length; i++) logits[i] = (float) random.nextGaussian() * 3;
                CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
                boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
                long compiled = timed ? jit.getTotalCompilationTime() : 0, quietSince = System.nanoTime();
                for (int round = 0; ; round++) {
                    long r0 = System.nanoTime();
                    round(tiny, kvType, logits, round);
                    rounds = round + 1;
                    long now = System.nanoTime();
                    if (log.isTraceEnabled()) {
                        log.trace("warm-up round {}: {} µs, {} µs since the start", round, (now - r0) / 1000, (now - start) / 1000);
                    }
                    if (now - start > DEADLINE_NANOS || round + 1 >= MAX_ROUNDS) break;
                    if (timed) {
                        long c = jit.getTotalCompilationTime();
                        if (c != compiled) {
                            compiled = c;
                            quietSince = now;
                        }
                    }
                    if (round + 1 >= MIN_ROUNDS && (!timed || now - quietSince >= QUIET_NANOS)) break;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("kernel warm-up stopped: {}", e.toString());
        } finally {
            if (file != null && !deleteQuietly(file)) log.debug("cannot delete {}", file);
            nanos = System.nanoTime() - start;
            log.debug("kernel warm-up: {} rounds in {} ms", rounds, nanos / 1_000_000);
            done.countDown();
        }
    }

    private static boolean deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A prompt and a few decode steps as {@link Generator} runs them, then a token sampled from logits of the real
     * vocabulary's size with its log-probability (their loops are profiled with the real trip counts).
     */
    private static void round(Model tiny, KvCacheType kvType, float[] logits, int round) {
        Session s = tiny.newSession(PROMPT.length + DECODE_STEPS, kvType);
        s.reserve(PROMPT.length + DECODE_STEPS);
        s.prompt(PROMPT);
        for (int step = 0; step < DECODE_STEPS; step++) s.next(1 + step);
        Sampler sampler = new Sampler(Sampler.Settings.defaults(round));
        int token = sampler.sample(logits);
        sampler.accept(token);
        Generator.logSoftmax(logits, token);
    }

    /** The tiny model's tensor types, one per role, as the real model's first layer has them. */
    private record TinyModel(GgmlType embedding, GgmlType output, GgmlType q, GgmlType k, GgmlType v, GgmlType o,
                             GgmlType gate, GgmlType up, GgmlType down) {
        static TinyModel like(GgufFile gguf) {
            GgmlType embedding = type(gguf, "token_embd.weight", GgmlType.Q8_0);
            GgmlType output = gguf.findTensor("output.weight").map(GgufTensorInfo::type).orElse(null);
            return new TinyModel(embedding, output,
                    type(gguf, "blk.0.attn_q.weight", GgmlType.Q8_0), type(gguf, "blk.0.attn_k.weight", GgmlType.Q8_0),
                    type(gguf, "blk.0.attn_v.weight", GgmlType.Q8_0), type(gguf, "blk.0.attn_output.weight", GgmlType.Q8_0),
                    type(gguf, "blk.0.ffn_gate.weight", GgmlType.Q8_0), type(gguf, "blk.0.ffn_up.weight", GgmlType.Q8_0),
                    type(gguf, "blk.0.ffn_down.weight", GgmlType.Q8_0));
        }

        /** The type of tensor {@code name} if it is one whose blocks fit the tiny model's rows, else {@code fallback}. */
        private static GgmlType type(GgufFile gguf, String name, GgmlType fallback) {
            GgmlType t = gguf.findTensor(name).map(GgufTensorInfo::type).orElse(fallback);
            return DIM % t.blockSize() == 0 && Quant.of(t) != null ? t : fallback;
        }

        /** A one-layer Llama of these types with zero weights (the kernels do not branch on values) and unit norms. */
        void write(Path file) {
            String a = "llama.";
            GgufWriter w = new GgufWriter()
                    .putString("general.architecture", "llama")
                    .putString("general.name", "cairn kernel warm-up")
                    .putString("tokenizer.ggml.model", "no_vocab")
                    .putUInt32(a + "context_length", CONTEXT)
                    .putUInt32(a + "embedding_length", DIM)
                    .putUInt32(a + "block_count", 1)
                    .putUInt32(a + "feed_forward_length", FFN)
                    .putUInt32(a + "attention.head_count", HEADS)
                    .putUInt32(a + "attention.head_count_kv", KV_HEADS)
                    .putFloat32(a + "rope.freq_base", 10000f)
                    .putFloat32(a + "attention.layer_norm_rms_epsilon", 1e-5f);
            int kv = KV_HEADS * (DIM / HEADS);
            matrix(w, "token_embd.weight", embedding, DIM, VOCAB);
            norm(w, "output_norm.weight");
            if (output != null) matrix(w, "output.weight", type(output), DIM, VOCAB);
            norm(w, "blk.0.attn_norm.weight");
            matrix(w, "blk.0.attn_q.weight", q, DIM, DIM);
            matrix(w, "blk.0.attn_k.weight", k, DIM, kv);
            matrix(w, "blk.0.attn_v.weight", v, DIM, kv);
            matrix(w, "blk.0.attn_output.weight", o, DIM, DIM);
            norm(w, "blk.0.ffn_norm.weight");
            matrix(w, "blk.0.ffn_gate.weight", gate, DIM, FFN);
            matrix(w, "blk.0.ffn_up.weight", up, DIM, FFN);
            matrix(w, "blk.0.ffn_down.weight", down, FFN, DIM);
            w.write(file);
        }

        private static GgmlType type(GgmlType t) {
            return DIM % t.blockSize() == 0 && Quant.of(t) != null ? t : GgmlType.Q8_0;
        }

        private static void matrix(GgufWriter w, String name, GgmlType type, int cols, int rows) {
            w.addTensor(name, type, new long[] {cols, rows}, new byte[(int) type.byteSize((long) cols * rows)]);
        }

        private static void norm(GgufWriter w, String name) {
            float[] ones = new float[DIM];
            java.util.Arrays.fill(ones, 1f);
            w.addTensor(name, new long[] {DIM}, ones);
        }
    }
}
