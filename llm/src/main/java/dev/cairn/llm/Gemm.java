package dev.cairn.llm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The batched product of prefill, {@code outs[b][r] = row(r) · xs[b]}: a thread decodes four weight rows to floats
 * once ({@link RowKernels#dequantize}, or the type's scalar decoder) and multiplies them with every token's
 * activations, four tokens at a time in sixteen vector accumulators, so each weight byte is read and decoded once
 * per batch and each loaded vector feeds four FMAs. Float32 throughout (like the decode kernels, up to the order of
 * additions).
 */
final class Gemm {
    private Gemm() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    static final int ROWS = 4;

    /** Per-thread decoded rows, grown to the widest matrix seen. */
    private static final ThreadLocal<float[][]> ROW_BUFFERS = ThreadLocal.withInitial(() -> new float[ROWS][0]);

    static void matmul(FloatTensor w, float[][] xs, float[][] outs, int n) {
        int cols = w.decodedCols();
        // a thread's share: whole groups of four rows
        int groups = (w.rows() + ROWS - 1) / ROWS;
        Parallel.forRows(groups, 1, (from, to) -> {
            float[][] rows = ROW_BUFFERS.get();
            if (rows[0].length < cols) {
                rows = new float[ROWS][cols];
                ROW_BUFFERS.set(rows);
            }
            for (int gi = from; gi < to; gi++) {
                int r0 = gi * ROWS, count = Math.min(ROWS, w.rows() - r0);
                for (int i = 0; i < count; i++) w.decodeRow(r0 + i, rows[i]);
                int b = 0;
                if (count == ROWS && cols % L == 0) {
                    for (; b + 4 <= n; b += 4) tile4x4(rows, xs, b, outs, r0, cols);
                }
                for (; b < n; b++) {
                    for (int i = 0; i < count; i++) outs[b][r0 + i] = VectorKernels.dot(rows[i], xs[b], cols);
                }
            }
        });
    }

    private static void tile4x4(float[][] w, float[][] xs, int b, float[][] outs, int r, int cols) {
        float[] w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
        float[] x0 = xs[b], x1 = xs[b + 1], x2 = xs[b + 2], x3 = xs[b + 3];
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F), c23 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F), c33 = FloatVector.zero(F);
        for (int k = 0; k < cols; k += L) {
            FloatVector a0 = FloatVector.fromArray(F, w0, k), a1 = FloatVector.fromArray(F, w1, k);
            FloatVector a2 = FloatVector.fromArray(F, w2, k), a3 = FloatVector.fromArray(F, w3, k);
            FloatVector v = FloatVector.fromArray(F, x0, k);
            c00 = a0.fma(v, c00);
            c10 = a1.fma(v, c10);
            c20 = a2.fma(v, c20);
            c30 = a3.fma(v, c30);
            v = FloatVector.fromArray(F, x1, k);
            c01 = a0.fma(v, c01);
            c11 = a1.fma(v, c11);
            c21 = a2.fma(v, c21);
            c31 = a3.fma(v, c31);
            v = FloatVector.fromArray(F, x2, k);
            c02 = a0.fma(v, c02);
            c12 = a1.fma(v, c12);
            c22 = a2.fma(v, c22);
            c32 = a3.fma(v, c32);
            v = FloatVector.fromArray(F, x3, k);
            c03 = a0.fma(v, c03);
            c13 = a1.fma(v, c13);
            c23 = a2.fma(v, c23);
            c33 = a3.fma(v, c33);
        }
        float[] o0 = outs[b], o1 = outs[b + 1], o2 = outs[b + 2], o3 = outs[b + 3];
        o0[r] = c00.reduceLanes(VectorOperators.ADD);
        o0[r + 1] = c10.reduceLanes(VectorOperators.ADD);
        o0[r + 2] = c20.reduceLanes(VectorOperators.ADD);
        o0[r + 3] = c30.reduceLanes(VectorOperators.ADD);
        o1[r] = c01.reduceLanes(VectorOperators.ADD);
        o1[r + 1] = c11.reduceLanes(VectorOperators.ADD);
        o1[r + 2] = c21.reduceLanes(VectorOperators.ADD);
        o1[r + 3] = c31.reduceLanes(VectorOperators.ADD);
        o2[r] = c02.reduceLanes(VectorOperators.ADD);
        o2[r + 1] = c12.reduceLanes(VectorOperators.ADD);
        o2[r + 2] = c22.reduceLanes(VectorOperators.ADD);
        o2[r + 3] = c32.reduceLanes(VectorOperators.ADD);
        o3[r] = c03.reduceLanes(VectorOperators.ADD);
        o3[r + 1] = c13.reduceLanes(VectorOperators.ADD);
        o3[r + 2] = c23.reduceLanes(VectorOperators.ADD);
        o3[r + 3] = c33.reduceLanes(VectorOperators.ADD);
    }
}
