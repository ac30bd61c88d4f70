package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.cairn.llm.Quant.f16;

/**
 * The decode kernels of the common weight types (Q8_0, Q4_0, Q4_K, Q6_K) for 16-lane float vectors (AVX-512),
 * and their row decoders for the batched prefill ({@link Gemm}). A decode step reads every weight once, so these
 * must keep up with memory: they widen quants to floats in registers, keep two independent accumulation chains,
 * and move every per-activation constant out of the row loop. An offset quant ({@code q − 8}, {@code q − 32}) or a min is paid once per token, not once
 * per row: {@code Σ(q − o)·x = Σq·x − o·Σx}, with the block sums {@code Σx} of the activations computed before the
 * rows are split across threads ({@link #sums}). Results agree with the scalar kernels in {@link Quant} up to the
 * order of float additions ({@code RowKernelsTest}).
 */
final class RowKernels {
    private RowKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_128;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** On with 16-lane float vectors and the Vector API enabled; else the per-row kernels of {@link VectorKernels} run. */
    static final boolean ENABLED = VectorKernels.ENABLED && FloatVector.SPECIES_PREFERRED.length() == 16
            && !"false".equals(System.getProperty("cairn.llm.rowkernels"));

    static boolean supports(GgmlType type) {
        return ENABLED && switch (type) {
            case Q8_0, Q4_0, Q4_K, Q6_K -> true;
            default -> false;
        };
    }

    /** The length of the activation block sums {@code type}'s kernel needs for rows of {@code cols}. */
    static int sumsLength(GgmlType type, int cols) {
        return switch (type) {
            case Q4_0, Q4_K -> cols / 32;
            case Q6_K -> cols / 16;
            default -> 0;
        };
    }

    /** {@code sums[i] = Σ x[g·i .. g·(i+1))} for the group size {@code g} of {@code type}'s offsets or mins. */
    static void sums(GgmlType type, float[] x, int cols, float[] sums) {
        int n = sumsLength(type, cols);
        if (n == 0) return;
        int g = cols / n;
        for (int i = 0; i < n; i++) {
            FloatVector s = FloatVector.fromArray(F, x, g * i);
            if (g == 32) s = s.add(FloatVector.fromArray(F, x, g * i + 16));
            sums[i] = s.reduceLanes(VectorOperators.ADD);
        }
    }

    /** {@code out[i] = row(firstRow + i) · x} for {@code i} in {@code [from, to)}. */
    static void matvec(GgmlType type, MemorySegment data, long rowBytes, int cols, float[] x, float[] sums,
                       float[] out, int firstRow, int from, int to) {
        switch (type) {
            case Q8_0 -> q8_0(data, rowBytes, cols, x, out, firstRow, from, to);
            case Q4_0 -> q4_0(data, rowBytes, cols, x, sums, out, firstRow, from, to);
            case Q4_K -> q4_k(data, rowBytes, cols, x, sums, out, firstRow, from, to);
            case Q6_K -> q6_k(data, rowBytes, cols, x, sums, out, firstRow, from, to);
            default -> throw new IllegalArgumentException(type + " has no row kernel");
        }
    }

    private static FloatVector widen(ByteVector b) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, F, 0);
    }

    /*
     * x86 has no byte shifts: C2 widens a shifted byte vector to shorts and narrows it back. Shifting the same
     * bits as 32-bit lanes and masking what crossed over from the neighbouring byte is two plain instructions.
     */

    /** The high nibble of each byte. */
    private static ByteVector high(ByteVector q) {
        return q.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0xF);
    }

    /** {@code q} shifted as 32-bit lanes (callers mask the bits they keep). */
    private static ByteVector shiftInts(ByteVector q, VectorOperators.Binary op, int n) {
        return q.reinterpretAsInts().lanewise(op, n).reinterpretAsBytes();
    }

    private static ByteVector bytes(MemorySegment data, long offset) {
        return ByteVector.fromMemorySegment(B, data, offset, LE);
    }

    // ---- Q8_0: d: f16, 32 × i8 ----

    static void q8_0(MemorySegment data, long rowBytes, int cols, float[] x, float[] out, int firstRow, int from, int to) {
        for (int i = from; i < to; i++) out[i] = VectorKernels.q8_0(data, (firstRow + i) * rowBytes, x, 0, cols);
    }

    // ---- Q4_0: d: f16, 16 bytes (low nibbles: elements 0-15, high: 16-31); x = d·(q − 8) ----

    static void q4_0(MemorySegment data, long rowBytes, int cols, float[] x, float[] sums, float[] out, int firstRow, int from, int to) {
        for (int i = from; i < to; i++) out[i] = q4_0(data, (firstRow + i) * rowBytes, cols, x, sums);
    }

    /*
     * One row per call, each small enough for C2 to inline every Vector API call into it: a bigger body (two rows at
     * once) passes C2's node-count inlining cutoff, and a vector operation that is not inlined is boxed, which
     * halves the speed.
     */
    private static float q4_0(MemorySegment data, long o, int cols, float[] x, float[] sums) {
        ByteVector mask = ByteVector.broadcast(B, (byte) 0xF);
        FloatVector a = FloatVector.zero(F), c = FloatVector.zero(F);
        float m = 0;
        int blocks = cols / 32, b = 0;
        for (; b + 1 < blocks; b += 2, o += 36) {
            ByteVector q = bytes(data, o + 2), r = bytes(data, o + 20);
            float d = f16(data, o), e = f16(data, o + 18);
            FloatVector s = widen(high(q)).fma(FloatVector.fromArray(F, x, 32 * b + 16),
                    widen(q.and(mask)).mul(FloatVector.fromArray(F, x, 32 * b)));
            FloatVector t = widen(high(r)).fma(FloatVector.fromArray(F, x, 32 * b + 48),
                    widen(r.and(mask)).mul(FloatVector.fromArray(F, x, 32 * b + 32)));
            a = s.fma(FloatVector.broadcast(F, d), a);
            c = t.fma(FloatVector.broadcast(F, e), c);
            m += d * sums[b] + e * sums[b + 1];
        }
        for (; b < blocks; b++, o += 18) {
            ByteVector q = bytes(data, o + 2);
            float d = f16(data, o);
            a = widen(high(q)).fma(FloatVector.fromArray(F, x, 32 * b + 16),
                    widen(q.and(mask)).mul(FloatVector.fromArray(F, x, 32 * b))).fma(FloatVector.broadcast(F, d), a);
            m += d * sums[b];
        }
        return a.add(c).reduceLanes(VectorOperators.ADD) - 8 * m;
    }

    // ---- Q4_K: d, dmin: f16, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles ----

    static void q4_k(MemorySegment data, long rowBytes, int cols, float[] x, float[] sums, float[] out, int firstRow, int from, int to) {
        for (int i = from; i < to; i++) out[i] = q4_k(data, (firstRow + i) * rowBytes, cols, x, sums);
    }

    private static float q4_k(MemorySegment data, long o, int cols, float[] x, float[] sums) {
        ByteVector mask = ByteVector.broadcast(B, (byte) 0xF);
        FloatVector a = FloatVector.zero(F), c = FloatVector.zero(F);
        float m = 0;
        for (int sb = 0; sb < cols / 256; sb++, o += 144) {
            float d = f16(data, o);
            long low = scales12(data, o + 4);
            int high = data.get(Quant.INT, o + 12);
            m += f16(data, o + 2) * mins(low, high, sums, 8 * sb);
            for (int k = 0; k < 4; k++) {
                int e = 256 * sb + 64 * k;
                ByteVector p0 = bytes(data, o + 16 + 32 * k), p1 = bytes(data, o + 32 + 32 * k);
                FloatVector lo = widen(p1.and(mask)).fma(FloatVector.fromArray(F, x, e + 16), widen(p0.and(mask)).mul(FloatVector.fromArray(F, x, e)));
                FloatVector hi = widen(high(p1)).fma(FloatVector.fromArray(F, x, e + 48),
                        widen(high(p0)).mul(FloatVector.fromArray(F, x, e + 32)));
                a = lo.fma(FloatVector.broadcast(F, d * scale(low, high, 2 * k)), a);
                c = hi.fma(FloatVector.broadcast(F, d * scale(low, high, 2 * k + 1)), c);
            }
        }
        return a.add(c).reduceLanes(VectorOperators.ADD) - m;
    }

    /** Bytes 0-7 of Q4_K's 12 scale bytes as a little-endian long (bytes 8-11 come as an int beside it). */
    private static long scales12(MemorySegment data, long offset) {
        return data.get(LONG, offset);
    }

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);

    /** Q4_K's 6-bit scale {@code j} (see {@link KQuants#scale6}) from bytes 0-7 ({@code low}) and 8-11 ({@code high}). */
    static int scale(long low, int high, int j) {
        if (j < 4) return (int) (low >>> (8 * j)) & 63;
        return ((high >>> (8 * (j - 4))) & 0xF) | (int) ((low >>> (8 * (j - 4) + 6)) & 3) << 4;
    }

    /** Q4_K's 6-bit min {@code j} (see {@link KQuants#min6}). */
    static int min(long low, int high, int j) {
        if (j < 4) return (int) (low >>> (8 * (j + 4))) & 63;
        return ((high >>> (8 * (j - 4) + 4)) & 0xF) | (int) ((low >>> (8 * j + 6)) & 3) << 4;
    }

    /** {@code Σ_j min_j · sums[first + j]} over a Q4_K super-block's eight sub-blocks. */
    private static float mins(long low, int high, float[] sums, int first) {
        float s = 0;
        for (int j = 0; j < 8; j++) s += min(low, high, j) * sums[first + j];
        return s;
    }

    // ---- Q6_K: ql: 128 bytes (low nibbles), qh: 64 bytes (2-bit pairs), 16 × i8 scales, d: f16; x = d·sc·(q − 32) ----

    static void q6_k(MemorySegment data, long rowBytes, int cols, float[] x, float[] sums, float[] out, int firstRow, int from, int to) {
        for (int i = from; i < to; i++) out[i] = q6_k(data, (firstRow + i) * rowBytes, cols, x, sums);
    }

    /*
     * Element 128n + 32k + l (l < 32) of a super-block: low four bits from byte 64n + 32(k % 2) + l of ql (its low
     * nibble for k < 2, else its high nibble), top two bits from bits 2k of byte 32n + l of qh; scale 8n + 2k + l/16.
     * One loop body for all four k (shift counts as variables) keeps the compiled method small enough for C2 to
     * inline every vector operation.
     */
    private static float q6_k(MemorySegment data, long o, int cols, float[] x, float[] sums) {
        FloatVector a = FloatVector.zero(F), c = FloatVector.zero(F);
        float m = 0;
        for (int sb = 0; sb < cols / 256; sb++, o += 210) {
            float d = f16(data, o + 208);
            float ms = 0;
            for (int g = 0; g < 16; g++) ms += data.get(ValueLayout.JAVA_BYTE, o + 192 + g) * sums[16 * sb + g];
            m += d * ms;
            for (int j = 0; j < 16; j++) { // j = 8n + 2k + l/16
                int n = j >> 3, k = (j >> 1) & 3, l = 16 * (j & 1);
                IntVector ql = bytes(data, o + 64 * n + 32 * (k & 1) + l).reinterpretAsInts();
                IntVector qh = bytes(data, o + 128 + 32 * n + l).reinterpretAsInts();
                ByteVector q = ql.lanewise(VectorOperators.LSHR, 4 * (k >> 1)).and(0x0F0F0F0F)
                        .or(qh.lanewise(VectorOperators.LSHR, 2 * k).and(0x03030303).lanewise(VectorOperators.LSHL, 4))
                        .reinterpretAsBytes();
                FloatVector v = widen(q).mul(FloatVector.fromArray(F, x, 256 * sb + 128 * n + 32 * k + l));
                FloatVector s = FloatVector.broadcast(F, d * data.get(ValueLayout.JAVA_BYTE, o + 192 + j));
                if ((j & 1) == 0) a = v.fma(s, a);
                else c = v.fma(s, c);
            }
        }
        return a.add(c).reduceLanes(VectorOperators.ADD) - 32 * m;
    }

    // ---- row decoders for the batched prefill ----

    /** Decodes the {@code cols} elements at {@code offset} into {@code out[0 .. cols)}. */
    static void dequantize(GgmlType type, MemorySegment data, long offset, int cols, float[] out) {
        // one small method per type: a single method for all four would pass C2's node-count inlining cutoff
        switch (type) {
            case Q8_0 -> decodeQ8_0(data, offset, cols, out);
            case Q4_0 -> decodeQ4_0(data, offset, cols, out);
            case Q4_K -> decodeQ4_K(data, offset, cols, out);
            case Q6_K -> decodeQ6_K(data, offset, cols, out);
            default -> throw new IllegalArgumentException(type + " has no row decoder");
        }
    }

    private static void decodeQ8_0(MemorySegment data, long offset, int cols, float[] out) {
        for (int b = 0; b < cols / 32; b++, offset += 34) {
            float d = f16(data, offset);
            widen(bytes(data, offset + 2)).mul(d).intoArray(out, 32 * b);
            widen(bytes(data, offset + 18)).mul(d).intoArray(out, 32 * b + 16);
        }
    }

    private static void decodeQ4_0(MemorySegment data, long offset, int cols, float[] out) {
        for (int b = 0; b < cols / 32; b++, offset += 18) {
            float d = f16(data, offset);
            ByteVector q = bytes(data, offset + 2);
            widen(q.and((byte) 0xF).sub((byte) 8)).mul(d).intoArray(out, 32 * b);
            widen(high(q).sub((byte) 8)).mul(d).intoArray(out, 32 * b + 16);
        }
    }

    private static void decodeQ4_K(MemorySegment data, long offset, int cols, float[] out) {
        for (int sb = 0; sb < cols / 256; sb++, offset += 144) {
            float d = f16(data, offset), dmin = f16(data, offset + 2);
            long low = scales12(data, offset + 4);
            int high = data.get(Quant.INT, offset + 12);
            for (int j = 0; j < 8; j++) { // sub-block j: nibbles (j % 2) of bytes 32(j / 2) ..
                int e = 256 * sb + 32 * j;
                float dl = d * scale(low, high, j), ml = dmin * min(low, high, j);
                for (int h = 0; h < 32; h += 16) {
                    IntVector q = bytes(data, offset + 16 + 32 * (j >> 1) + h).reinterpretAsInts();
                    ByteVector n = q.lanewise(VectorOperators.LSHR, 4 * (j & 1)).and(0x0F0F0F0F).reinterpretAsBytes();
                    widen(n).fma(dl, -ml).intoArray(out, e + h);
                }
            }
        }
    }

    private static void decodeQ6_K(MemorySegment data, long offset, int cols, float[] out) {
        for (int sb = 0; sb < cols / 256; sb++, offset += 210) {
            float d = f16(data, offset + 208);
            for (int j = 0; j < 16; j++) { // as in q6_k: j = 8n + 2k + l/16
                int n = j >> 3, k = (j >> 1) & 3, l = 16 * (j & 1);
                IntVector ql = bytes(data, offset + 64 * n + 32 * (k & 1) + l).reinterpretAsInts();
                IntVector qh = bytes(data, offset + 128 + 32 * n + l).reinterpretAsInts();
                ByteVector q = ql.lanewise(VectorOperators.LSHR, 4 * (k >> 1)).and(0x0F0F0F0F)
                        .or(qh.lanewise(VectorOperators.LSHR, 2 * k).and(0x03030303).lanewise(VectorOperators.LSHL, 4))
                        .reinterpretAsBytes();
                widen(q.sub((byte) 32)).mul(d * data.get(ValueLayout.JAVA_BYTE, offset + 192 + j))
                        .intoArray(out, 256 * sb + 128 * n + 32 * k + l);
            }
        }
    }
}
