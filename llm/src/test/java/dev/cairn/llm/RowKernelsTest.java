package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufTensorInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The two-row decode kernels, the vector row decoders and the batched product agree with the scalar reference
 * kernels on random blocks: every bit pattern of quants and 6-bit scales (random bytes), halves of sensible size for
 * the block scales, an odd number of rows (the single-row tail) and an odd number of tokens (the tile remainder).
 */
class RowKernelsTest {
    private static final int COLS = 512 + 256, ROWS = 7;

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void rowKernelsAgreeWithScalarKernels(GgmlType type) {
        assumeTrue(RowKernels.ENABLED, "no 16-lane float vectors on this machine");
        Random random = new Random(type.ordinal());
        MemorySegment data = randomBlocks(type, COLS, ROWS, random);
        Quant quant = Quant.of(type);
        long rowBytes = type.byteSize(COLS);
        float[] x = new float[COLS];
        for (int i = 0; i < COLS; i++) x[i] = (float) random.nextGaussian();

        float[] sums = new float[RowKernels.sumsLength(type, COLS)];
        RowKernels.sums(type, x, COLS, sums);
        float[] out = new float[ROWS];
        RowKernels.matvec(type, data, rowBytes, COLS, x, sums, out, 0, 0, ROWS);
        float[] shifted = new float[ROWS - 1];
        RowKernels.matvec(type, data, rowBytes, COLS, x, sums, shifted, 1, 0, ROWS - 1);
        float[] row = new float[COLS], decoded = new float[COLS];
        for (int r = 0; r < ROWS; r++) {
            float want = quant.dot(data, r * rowBytes, x, 0, COLS);
            float scale = 0;
            quant.dequantize(data, r * rowBytes, row, 0, COLS);
            for (int i = 0; i < COLS; i++) scale += Math.abs(row[i] * x[i]);
            assertEquals(want, out[r], 1e-5f * scale, type + " row " + r);
            if (r > 0) assertEquals(want, shifted[r - 1], 1e-5f * scale, type + " row " + r + " from first row 1");
            RowKernels.dequantize(type, data, r * rowBytes, COLS, decoded);
            for (int i = 0; i < COLS; i++) assertEquals(row[i], decoded[i], 1e-6f * Math.abs(row[i]), type + " element " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_K", "Q6_K", "Q5_K"})
    void batchedProductAgreesWithScalarDots(GgmlType type) {
        assumeTrue(VectorKernels.ENABLED, "no vector kernels on this machine");
        Random random = new Random(100 + type.ordinal());
        MemorySegment data = randomBlocks(type, COLS, ROWS, random);
        FloatTensor t = FloatTensor.of(new GgufTensorInfo("w", type, new long[] {COLS, ROWS}, 0, type.byteSize((long) COLS * ROWS)), data);
        int n = 7;
        float[][] xs = new float[n][COLS], outs = new float[n][ROWS];
        for (float[] x : xs) for (int i = 0; i < COLS; i++) x[i] = (float) random.nextGaussian();
        t.matmul(xs, outs, n);
        float[] one = new float[ROWS];
        for (int b = 0; b < n; b++) {
            t.matvec(xs[b], one, 0, ROWS, false);
            for (int r = 0; r < ROWS; r++) assertEquals(one[r], outs[b][r], 1e-4f * (1 + Math.abs(one[r])), type + " token " + b + " row " + r);
        }
    }

    /** Random bytes with each block's f16 scales replaced by halves in ±[0.001, 0.01). */
    static MemorySegment randomBlocks(GgmlType type, int cols, int rows, Random random) {
        byte[] bytes = new byte[(int) (type.byteSize(cols) * rows)];
        random.nextBytes(bytes);
        MemorySegment data = MemorySegment.ofArray(bytes);
        int[] scales = switch (type) {
            case Q8_0, Q4_0 -> new int[] {0};
            case Q4_K, Q5_K -> new int[] {0, 2};
            case Q6_K -> new int[] {208};
            default -> throw new IllegalArgumentException(type.name());
        };
        for (long b = 0; b < bytes.length; b += type.typeSize()) {
            for (int at : scales) {
                float v = (float) ((0.001 + 0.009 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1));
                data.set(Quant.SHORT, b + at, Float.floatToFloat16(v));
            }
        }
        return data;
    }
}
