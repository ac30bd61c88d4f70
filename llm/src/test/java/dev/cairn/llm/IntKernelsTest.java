package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufTensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The integer kernels over repacked weights compute what llama.cpp computes: the scalar kernel applied to the
 * activations rounded as llama.cpp rounds them ({@link ActivationRounding}), up to the order of float additions.
 * Random bytes for every quant and 6-bit scale, halves of sensible size for the block scales; rows of one group,
 * of several, and shorter than a group (padded); an offset first row (how MoE experts are addressed). The
 * batched prefill over repacked rows (decoded to floats in the repacked order, activations rounded alike and
 * permuted into it) gives what the integer decode kernels give.
 */
class IntKernelsTest {
    private static final int ROWS = 5;

    @ParameterizedTest(name = "{0} × {1}")
    @CsvSource({"Q4_0, 256", "Q4_0, 2048", "Q4_0, 3072", "Q4_K, 512", "Q4_K, 2048", "Q6_K, 256", "Q6_K, 1024", "Q6_K, 2560"})
    void matchesScalarKernelOnRoundedActivations(GgmlType type, int cols) {
        assumeTrue(Repacked.ENABLED, "no 16-lane float vectors on this machine");
        Random random = new Random(31L * cols + type.ordinal());
        MemorySegment data = RowKernelsTest.randomBlocks(type, cols, ROWS, random);
        Quant quant = Quant.of(type);
        long rowBytes = type.byteSize(cols);
        try (Arena arena = Arena.ofShared()) {
            FloatTensor t = FloatTensor.of(info(type, cols), data, arena);
            assertTrue(t.repacked(), type + " × " + cols + " is repacked");
            for (int trial = 0; trial < 3; trial++) {
                float[] x = new float[cols], rounded = new float[cols];
                for (int i = 0; i < cols; i++) x[i] = (float) (random.nextGaussian() * (trial + 1));
                if (trial == 2) java.util.Arrays.fill(x, 0, Math.min(cols, 256), 0f); // an all-zero block
                ActivationRounding.round(quant, x, rounded, cols);
                float[] out = new float[ROWS], shifted = new float[ROWS - 2];
                t.matvec(x, out, 0, ROWS);
                t.matvec(x, shifted, 2, ROWS - 2);
                float[] row = new float[cols];
                for (int r = 0; r < ROWS; r++) {
                    float want = quant.dot(data, r * rowBytes, rounded, 0, cols);
                    quant.dequantize(data, r * rowBytes, row, 0, cols);
                    float scale = 0;
                    for (int i = 0; i < cols; i++) scale += Math.abs(row[i] * rounded[i]);
                    assertEquals(want, out[r], 2e-6f * scale, type + " row " + r + " trial " + trial);
                    if (r >= 2) assertEquals(want, shifted[r - 2], 2e-6f * scale, type + " row " + r + " from first row 2");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} × {1}")
    @CsvSource({"Q4_0, 256", "Q4_0, 2048", "Q4_K, 2048", "Q6_K, 256", "Q6_K, 1024"})
    void batchedProductOverRepackedRowsAgreesWithTheDecodeKernels(GgmlType type, int cols) {
        assumeTrue(Repacked.ENABLED, "no 16-lane float vectors on this machine");
        Random random = new Random(7L * cols + type.ordinal());
        MemorySegment data = RowKernelsTest.randomBlocks(type, cols, ROWS, random);
        try (Arena arena = Arena.ofShared()) {
            FloatTensor t = FloatTensor.of(info(type, cols), data, arena);
            int n = 6;
            float[][] xs = new float[n][cols], outs = new float[n][ROWS];
            for (float[] x : xs) for (int i = 0; i < cols; i++) x[i] = (float) random.nextGaussian();
            t.matmul(xs, outs, n);
            float[] one = new float[ROWS];
            for (int b = 0; b < n; b++) {
                t.matvec(xs[b], one, 0, ROWS);
                for (int r = 0; r < ROWS; r++) assertEquals(one[r], outs[b][r], 1e-4f * (1 + Math.abs(one[r])), type + " token " + b + " row " + r);
            }
        }
    }

    @Test
    void repacksOnlyWhereThePaddingIsSmall() {
        assumeTrue(Repacked.ENABLED, "no 16-lane float vectors on this machine");
        assertTrue(Repacked.supports(GgmlType.Q4_0, 2048));
        assertTrue(Repacked.supports(GgmlType.Q4_0, 896)); // shorter than a group (Qwen2.5-0.5B)
        assertFalse(Repacked.supports(GgmlType.Q4_0, 1152)); // Gemma 3 1B: 1152 → 2048 would be 78% padding
        assertTrue(Repacked.supports(GgmlType.Q6_K, 8960)); // 8960 → 9216: 2.9%
        assertFalse(Repacked.supports(GgmlType.Q8_0, 2048));
        assertFalse(Repacked.supports(GgmlType.Q5_K, 2048));
        for (GgmlType type : new GgmlType[] {GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            // the order of decoded rows is a permutation of the columns
            int per = Repacked.groupLength(type);
            boolean[] seen = new boolean[2 * per];
            for (int p = 0; p < 2 * per; p++) {
                int c = Repacked.column(type, p);
                assertFalse(seen[c], type + " column " + c + " twice");
                seen[c] = true;
            }
        }
    }

    @Test
    void transposesEightByEightBytes() {
        long[] a = new long[8];
        for (int r = 0; r < 8; r++) for (int i = 0; i < 8; i++) a[r] |= (long) (16 * r + i) << (8 * i);
        Repacked.transpose8x8(a);
        for (int r = 0; r < 8; r++) {
            for (int i = 0; i < 8; i++) assertEquals(16 * i + r, (int) (a[r] >>> (8 * i)) & 0xFF, "element " + r + ", " + i);
        }
    }

    @Test
    void anonymousMemoryIsZeroedWritableAndFreedWithItsArena() {
        long bytes = 3L << 20;
        Arena arena = Arena.ofShared();
        MemorySegment m = AnonymousMemory.allocate(bytes, arena);
        assertEquals(bytes, m.byteSize());
        assertEquals(0, m.address() % 64);
        for (long o = 0; o < bytes; o += 4096) assertEquals(0, m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o));
        m.set(java.lang.foreign.ValueLayout.JAVA_LONG, bytes - 8, 42L);
        assertEquals(42L, m.get(java.lang.foreign.ValueLayout.JAVA_LONG, bytes - 8));
        arena.close();
        assertThrows(IllegalStateException.class, () -> m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
    }

    private static GgufTensorInfo info(GgmlType type, int cols) {
        return new GgufTensorInfo("w", type, new long[] {cols, ROWS}, 0, type.byteSize((long) cols * ROWS));
    }
}
