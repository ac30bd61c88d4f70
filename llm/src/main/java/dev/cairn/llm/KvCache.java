package dev.cairn.llm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The keys and values of one sequence, per layer, in pages of {@value #PAGE} positions (the last one cut to the
 * capacity) allocated as the sequence grows (or up front with {@link #reserve}), stored as {@link KvCacheType#F32} or {@link KvCacheType#F16}. Holds
 * the attention kernel, which reads the cache with the Vector API: half-precision keys and values are widened to
 * float in registers (bit manipulation: no half-float vector conversion exists in JDK 25's Vector API).
 */
final class KvCache {
    /** Positions per page. */
    static final int PAGE = 256;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class,
            jdk.incubator.vector.VectorShape.forBitSize(Math.max(64, F.vectorBitSize() / 2)));
    private static final boolean VECTOR = S.length() == L && !"false".equals(System.getProperty("cairn.llm.vector"));

    private final KvCacheType type;
    private final int capacity, keyStride, valueStride;
    // [layer][page][position-in-page * stride + element]; one pair is null, by type
    private final float[][][] keys32, values32;
    private final short[][][] keys16, values16;
    private int pages;

    KvCache(Config c, KvCacheType type, int capacity) {
        this.type = type;
        this.capacity = capacity;
        this.keyStride = c.kvDim();
        this.valueStride = c.kvHeads() * c.valueDim();
        int maxPages = (capacity + PAGE - 1) / PAGE;
        boolean half = type == KvCacheType.F16;
        keys32 = half ? null : new float[c.layers()][maxPages][];
        values32 = half ? null : new float[c.layers()][maxPages][];
        keys16 = half ? new short[c.layers()][maxPages][] : null;
        values16 = half ? new short[c.layers()][maxPages][] : null;
    }

    KvCacheType type() {
        return type;
    }

    int capacity() {
        return capacity;
    }

    /** Bytes of keys and values allocated so far. */
    long bytes() {
        int layers = half() ? keys16.length : keys32.length;
        return (long) Math.min(pages * PAGE, capacity) * layers * (keyStride + valueStride) * type.bytes;
    }

    private boolean half() {
        return keys16 != null;
    }

    /** Allocates the pages that hold positions {@code [0, positions)}. */
    void reserve(int positions) {
        int needed = (Math.min(positions, capacity) + PAGE - 1) / PAGE;
        while (pages < needed) {
            int p = pages++;
            int size = Math.min(PAGE, capacity - p * PAGE); // the last page holds only what fits the capacity
            int layers = half() ? keys16.length : keys32.length;
            for (int l = 0; l < layers; l++) {
                if (half()) {
                    keys16[l][p] = new short[size * keyStride];
                    values16[l][p] = new short[size * valueStride];
                } else {
                    keys32[l][p] = new float[size * keyStride];
                    values32[l][p] = new float[size * valueStride];
                }
            }
        }
    }

    /** Stores the key and value of position {@code pos} in layer {@code layer}. */
    void store(int layer, int pos, float[] k, float[] v) {
        reserve(pos + 1);
        int page = pos / PAGE, at = pos % PAGE;
        if (half()) {
            short[] kp = keys16[layer][page], vp = values16[layer][page];
            for (int i = 0, o = at * keyStride; i < keyStride; i++) kp[o + i] = Float.floatToFloat16(k[i]);
            for (int i = 0, o = at * valueStride; i < valueStride; i++) vp[o + i] = Float.floatToFloat16(v[i]);
        } else {
            System.arraycopy(k, 0, keys32[layer][page], at * keyStride, keyStride);
            System.arraycopy(v, 0, values32[layer][page], at * valueStride, valueStride);
        }
    }

    /** Copies positions {@code [0, positions)} of {@code source}, a cache of the same model and type. */
    void copyFrom(KvCache source, int positions) {
        if (source.type != type) throw new IllegalArgumentException(source.type + " into " + type);
        reserve(positions);
        int layers = half() ? keys16.length : keys32.length;
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p * PAGE < positions; p++) {
                int n = Math.min(PAGE, positions - p * PAGE);
                if (half()) {
                    System.arraycopy(source.keys16[l][p], 0, keys16[l][p], 0, n * keyStride);
                    System.arraycopy(source.values16[l][p], 0, values16[l][p], 0, n * valueStride);
                } else {
                    System.arraycopy(source.keys32[l][p], 0, keys32[l][p], 0, n * keyStride);
                    System.arraycopy(source.values32[l][p], 0, values32[l][p], 0, n * valueStride);
                }
            }
        }
    }

    /**
     * Grouped-query attention of the query {@code q} (all heads) over positions {@code first..last} of layer
     * {@code layer}: for each head, softmax(q·k · scale) weighting the values, written to {@code out}.
     * {@code scores} holds at least {@code last + 1} floats. One method per storage type, each small, so that C2
     * inlines every vector operation (a vector returned from a call it does not inline is boxed: an allocation).
     */
    void attend(int layer, Config c, float[] q, float[] out, int first, int last, float[] scores) {
        int hd = c.headDim(), vd = c.valueDim(), group = c.heads() / c.kvHeads();
        for (int h = 0; h < c.heads(); h++) {
            int kvHead = h / group;
            for (int t = first; t <= last; t++) {
                float s = half() ? dot16(layer, t, kvHead * hd, q, h * hd, hd) : dot32(layer, t, kvHead * hd, q, h * hd, hd);
                scores[t] = s * c.attentionScale();
            }
            float inv = exponentiate(scores, first, last + 1);
            if (half()) sum16(layer, scores, inv, out, h * vd, kvHead * vd, vd, first, last);
            else sum32(layer, scores, inv, out, h * vd, kvHead * vd, vd, first, last);
        }
    }

    private float dot32(int layer, int t, int kOff, float[] q, int qOff, int hd) {
        float[] kp = keys32[layer][t / PAGE];
        int base = (t % PAGE) * keyStride + kOff, i = 0;
        float s = 0;
        if (VECTOR && hd >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (int upper = F.loopBound(hd); i < upper; i += L) {
                acc = FloatVector.fromArray(F, kp, base + i).fma(FloatVector.fromArray(F, q, qOff + i), acc);
            }
            s = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < hd; i++) s += q[qOff + i] * kp[base + i];
        return s;
    }

    /**
     * As {@link #dot32}, the keys widened from half precision in registers: exponent and mantissa shifted into a
     * float's places and scaled by 2^112 (which re-biases the exponent and keeps subnormal halves exact), then the
     * sign. Infinities and NaNs would come out finite; finite activations below 65504 never store them.
     */
    private float dot16(int layer, int t, int kOff, float[] q, int qOff, int hd) {
        short[] kp = keys16[layer][t / PAGE];
        int base = (t % PAGE) * keyStride + kOff, i = 0;
        float s = 0;
        if (VECTOR && hd >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (int upper = F.loopBound(hd); i < upper; i += L) {
                IntVector bits = (IntVector) ShortVector.fromArray(S, kp, base + i).convertShape(VectorOperators.S2I, I, 0);
                FloatVector k = bits.and(0x7fff).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                        .reinterpretAsInts().or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
                acc = k.fma(FloatVector.fromArray(F, q, qOff + i), acc);
            }
            s = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < hd; i++) s += q[qOff + i] * Float.float16ToFloat(kp[base + i]);
        return s;
    }

    /** {@code out[o ..] = inv · Σ_t scores[t] · value_t[v ..]} over {@code vd} elements. */
    private void sum32(int layer, float[] scores, float inv, float[] out, int o, int v, int vd, int first, int last) {
        int upper = VECTOR ? F.loopBound(vd) : 0;
        for (int i = 0; i < upper; i += L) {
            FloatVector acc = FloatVector.zero(F);
            for (int t = first; t <= last; t++) {
                FloatVector x = FloatVector.fromArray(F, values32[layer][t / PAGE], (t % PAGE) * valueStride + v + i);
                acc = x.fma(FloatVector.broadcast(F, scores[t]), acc);
            }
            acc.mul(inv).intoArray(out, o + i);
        }
        for (int i = upper; i < vd; i++) {
            float a = 0;
            for (int t = first; t <= last; t++) a += scores[t] * values32[layer][t / PAGE][(t % PAGE) * valueStride + v + i];
            out[o + i] = a * inv;
        }
    }

    private void sum16(int layer, float[] scores, float inv, float[] out, int o, int v, int vd, int first, int last) {
        int upper = VECTOR ? F.loopBound(vd) : 0;
        for (int i = 0; i < upper; i += L) {
            FloatVector acc = FloatVector.zero(F);
            for (int t = first; t <= last; t++) {
                IntVector bits = (IntVector) ShortVector.fromArray(S, values16[layer][t / PAGE], (t % PAGE) * valueStride + v + i)
                        .convertShape(VectorOperators.S2I, I, 0);
                FloatVector x = bits.and(0x7fff).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                        .reinterpretAsInts().or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
                acc = x.fma(FloatVector.broadcast(F, scores[t]), acc);
            }
            acc.mul(inv).intoArray(out, o + i);
        }
        for (int i = upper; i < vd; i++) {
            float a = 0;
            for (int t = first; t <= last; t++) a += scores[t] * Float.float16ToFloat(values16[layer][t / PAGE][(t % PAGE) * valueStride + v + i]);
            out[o + i] = a * inv;
        }
    }

    /** {@code x[i] = exp(x[i] - max)} over {@code [from, to)}; returns 1 / their sum. */
    private static float exponentiate(float[] x, int from, int to) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) max = Math.max(max, x[i]);
        int i = from;
        float sum = 0;
        if (VECTOR) {
            FloatVector s = FloatVector.zero(F);
            for (; i + L <= to; i += L) {
                FloatVector e = FloatVector.fromArray(F, x, i).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(x, i);
                s = s.add(e);
            }
            sum = s.reduceLanes(VectorOperators.ADD);
        }
        for (; i < to; i++) sum += x[i] = (float) Math.exp(x[i] - max);
        return 1f / sum;
    }

}
