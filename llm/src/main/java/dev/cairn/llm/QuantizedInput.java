package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Activations rounded to 8-bit integers for the integer kernels of {@link IntKernels}, as llama.cpp rounds them
 * for the same weight types (see {@link ActivationRounding}): blocks of 32 with an f16 scale for Q4_0 ("Q8_0"),
 * blocks of 256 with a float scale for the k-quants ("Q8_K"). The integers are stored as shorts in the repacked
 * order of {@link Repacked#column}, so that one 512-bit load gives element {@code i} of 32 consecutive blocks.
 * One per caller thread, reused: quantizing allocates nothing once the arrays have grown.
 */
final class QuantizedInput {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;

    /** The integers, in repacked order. */
    short[] q = new short[0];
    /**
     * Per lane block: its activation scale; for Q4_0 multiplied by 2<sup>112</sup>, which the kernel's bitwise
     * f16-to-float conversion of the weight scales leaves out. For Q6_K one per 256-element block.
     */
    float[] scale = new float[0];
    /** Q4_K: per 32-element block, its scale times the sum of its integers (the mins' term). */
    float[] sum = new float[0];

    /** Quantizes {@code x[0 .. cols)} for a repacked matrix of {@code type} with {@code groups} groups per row. */
    void prepare(GgmlType type, float[] x, int cols, int groups) {
        int lane = Repacked.laneLength(type), padded = groups * 32 * lane;
        if (q.length < padded) {
            q = new short[padded];
            scale = new float[padded / 16];
            sum = new float[padded / 32];
        }
        if (type == GgmlType.Q4_0) q8_0(x, cols, padded);
        else q8_k(type, x, cols, padded, lane);
    }

    private void q8_0(float[] x, int cols, int padded) {
        for (int b = 0; b < padded / 32; b++) {
            int o = 32 * b, g = b >> 5, j = b & 31, base = 1024 * g + j;
            if (o >= cols) {
                for (int i = 0; i < 32; i++) q[base + 32 * i] = 0;
                scale[b] = 0;
                continue;
            }
            float amax = FloatVector.fromArray(F, x, o).abs().max(FloatVector.fromArray(F, x, o + 16).abs())
                    .reduceLanes(VectorOperators.MAX);
            float d = amax / 127f, id = d != 0 ? 1f / d : 0f;
            for (int i = 0; i < 32; i++) q[base + 32 * i] = (short) Math.rint(x[o + i] * id);
            scale[b] = Float.float16ToFloat(Float.floatToFloat16(d)) * 0x1p112f;
        }
    }

    private void q8_k(GgmlType type, float[] x, int cols, int padded, int lane) {
        int per = 32 * lane;
        for (int sb = 0; sb < padded / 256; sb++) {
            int o = 256 * sb;
            float d = 0, iscale = 0;
            if (o < cols) {
                float amax = 0, max = 0;
                for (int i = 0; i < 256; i++) {
                    float a = Math.abs(x[o + i]);
                    if (a > amax) {
                        amax = a;
                        max = x[o + i];
                    }
                }
                iscale = amax != 0 ? -127f / max : 0f;
                d = amax != 0 ? 1f / iscale : 0f;
            }
            for (int blk = 0; blk < 256 / lane; blk++) { // the lane blocks of this super-block
                int b = sb * (256 / lane) + blk, g = b >> 5, j = b & 31, base = per * g + j, start = o + lane * blk;
                int s = 0;
                for (int i = 0; i < lane; i++) {
                    int v = start < cols ? (int) Math.min(127f, (float) Math.rint(iscale * x[start + i])) : 0;
                    q[base + 32 * i] = (short) v;
                    s += v;
                }
                if (type == GgmlType.Q4_K) {
                    scale[b] = d;
                    sum[b] = d * s;
                }
            }
            if (type == GgmlType.Q6_K) scale[sb] = d;
        }
    }
}
