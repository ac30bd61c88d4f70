package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufTensorInfo;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The LLM runtime's matrix kernels on a 64 MB weight matrix of each type (larger than any cache, so every call
 * streams its weights from memory, as a decode step does), with the runtime's compute threads ({@code -p threads}).
 * The {@code gigabytes} counter is the weight bytes read per second: compare it with the machine's bandwidth
 * (about 33 GB/s with 2 threads on the reference machine; {@code memory} measures it here: a vector sum over the
 * same 64 MB). {@code decode} is one token's matrix-vector product (the kernel decode
 * uses: for Q4_0, Q4_K and Q6_K the integer kernels over the repacked copy, {@code -p repack=false} for the
 * in-place ones), {@code scalar} the reference kernel, {@code prefill} the batched product of 32 tokens
 * ({@code gflops}: 2·rows·cols·32 per call).
 *
 * <p>In package {@code dev.cairn.llm} to reach the package-private kernels. Run:
 * {@code java -jar bench/target/benchmarks.jar MatvecBench -p type=Q4_K} (add {@code -prof perfasm} where perf is
 * installed to see the generated code).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatvecBench {
    @Param({"Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    public String type;

    @Param({"2"})
    public int threads;

    /** Whether Q4_0, Q4_K and Q6_K are repacked for the integer kernels, as {@code Model.load} does ({@code false}: read in place). */
    @Param({"true"})
    public boolean repack;

    private final Arena arena = Arena.ofShared();

    private static final int COLS = 2048, BATCH = 32;
    private FloatTensor tensor;
    private long bytes;
    private float[] x, out;
    private float[][] xs, outs;

    /** Bytes and floating-point operations done, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public double gigabytes;
        public double gflops;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        GgmlType t = GgmlType.valueOf(type);
        long rowBytes = t.byteSize(COLS);
        int rows = (int) ((64L << 20) / rowBytes);
        bytes = rowBytes * rows;
        MemorySegment data = Arena.global().allocate(bytes, 64);
        SplittableRandom random = new SplittableRandom(7);
        for (long i = 0; i < bytes; i += 8) data.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, i, random.nextLong());
        // sensible half-precision block scales, so no block decodes to infinities or NaNs
        int[] scales = switch (t) {
            case Q8_0, Q4_0 -> new int[] {0};
            case Q4_K -> new int[] {0, 2};
            case Q6_K -> new int[] {208};
            default -> throw new IllegalArgumentException(type);
        };
        for (long b = 0; b < bytes; b += t.typeSize()) {
            for (int at : scales) data.set(Quant.SHORT, b + at, Float.floatToFloat16((float) random.nextDouble(-0.01, 0.01)));
        }
        tensor = FloatTensor.of(new GgufTensorInfo("w", t, new long[] {COLS, rows}, 0, bytes), data, repack ? arena : null);
        x = new float[COLS];
        out = new float[rows];
        for (int i = 0; i < COLS; i++) x[i] = (float) random.nextDouble(-1, 1);
        xs = new float[BATCH][COLS];
        outs = new float[BATCH][rows];
        for (float[] v : xs) for (int i = 0; i < COLS; i++) v[i] = (float) random.nextDouble(-1, 1);
    }

    @Benchmark
    public float[] decode(Counters c) {
        tensor.matvec(x, out, 0, tensor.rows(), true);
        c.gigabytes += bytes / 1e9;
        return out;
    }

    @Benchmark
    @Warmup(iterations = 1, time = 2)
    @Measurement(iterations = 2, time = 3)
    public float[] scalar(Counters c) {
        tensor.matvec(x, out, 0, tensor.rows(), false);
        c.gigabytes += bytes / 1e9;
        return out;
    }

    @Benchmark
    public float[][] prefill(Counters c) {
        tensor.matmul(xs, outs, BATCH);
        c.gigabytes += bytes / 1e9;
        c.gflops += 2.0 * tensor.rows() * COLS * BATCH / 1e9;
        return outs;
    }

    /** The machine's read bandwidth on the same 64 MB (a vector sum of its bytes as floats' bit patterns, split across the threads). */
    @Benchmark
    public float memory(Counters c) {
        float[] sums = new float[threads];
        MemorySegment data = tensorData();
        Parallel.forRows(threads, 1, (from, to) -> {
            for (int t = from; t < to; t++) sums[t] = sum(data, bytes * t / threads, bytes * (t + 1) / threads);
        });
        c.gigabytes += bytes / 1e9;
        float s = 0;
        for (float v : sums) s += v;
        return s;
    }

    private static float sum(MemorySegment data, long from, long to) {
        var species = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        var acc = jdk.incubator.vector.FloatVector.zero(species);
        long step = species.vectorByteSize();
        for (long o = from; o + step <= to; o += step) {
            acc = acc.add(jdk.incubator.vector.FloatVector.fromMemorySegment(species, data, o, java.nio.ByteOrder.LITTLE_ENDIAN));
        }
        return acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private MemorySegment tensorData() {
        return tensor.data();
    }
}
