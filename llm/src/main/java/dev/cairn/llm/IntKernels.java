package dev.cairn.llm;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;

/**
 * Integer decode kernels over {@link Repacked} weights and {@link QuantizedInput} activations. A 16-bit lane
 * holds one block's running dot product: signed 4-bit quants ({@code q − 8}) times int8 activations stay within
 * ±1016, so 32 of them fit in a short; signed 6-bit quants ({@code q − 32}) within ±4064, so 8 do, and Q6_K
 * widens twice per group. The Vector API has no byte multiply-add (vpmaddubsw, vpdpbusd), but a 32-lane short
 * multiply and add cost two instructions per 32 weights, against about six for widening quants to floats. Each
 * group's sums become floats once and meet the scales there: ggml's per-block work (scale decoding, horizontal
 * sums) is paid once per 32 blocks.
 *
 * <p>Every integer sum is exact, so results differ from llama.cpp's (which rounds activations the same way)
 * only in the order of float additions ({@code IntKernelsTest}).
 */
final class IntKernels {
    private IntKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final VectorSpecies<Byte> B256 = ByteVector.SPECIES_256;
    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    /** Q4_K: lanes of sub-blocks 0-15 take super-blocks 0 and 1's d (floats 0, 1), 16-31 super-blocks 2 and 3's; dmin are floats 4-7. */
    private static final VectorShuffle<Float> D0 = shuffle(0), D1 = shuffle(2), M0 = shuffle(4), M1 = shuffle(6);

    private static VectorShuffle<Float> shuffle(int first) {
        int[] index = new int[16];
        for (int i = 0; i < 16; i++) index[i] = first + i / 8;
        return VectorShuffle.fromArray(F, index, 0);
    }

    /** 32 bytes sign-extended to 32 shorts. */
    private static ShortVector widen(MemorySegment w, long o) {
        return ByteVector.fromMemorySegment(B256, w, o, LE).convertShape(VectorOperators.B2S, S, 0).reinterpretAsShorts();
    }

    /** 16 bytes to 16 floats. */
    private static FloatVector floats(MemorySegment w, long o) {
        return ByteVector.fromMemorySegment(B128, w, o, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats();
    }

    private static ShortVector x(short[] q, int at) {
        return ShortVector.fromArray(S, q, at);
    }

    /** The signed low nibble of each short. */
    private static ShortVector low(ShortVector s) {
        return s.lanewise(LSHL, 12).lanewise(ASHR, 12);
    }

    /** Lanes 0-15 (part 0) or 16-31 (part 1) of {@code s} as floats. */
    private static FloatVector part(ShortVector s, int part) {
        return s.convertShape(VectorOperators.S2I, I, part).convert(VectorOperators.I2F, 0).reinterpretAsFloats();
    }

    /**
     * The f16 in the top half of each int as a float divided by 2<sup>112</sup> (its exponent is not rebiased;
     * the activation scales carry the factor): sign and the fifteen other bits moved to their float places.
     */
    private static FloatVector half(IntVector v) {
        return v.and(0x7FFF0000).lanewise(VectorOperators.LSHR, 3).or(v.and(0x80000000)).reinterpretAsFloats();
    }

    /*
     * Each kernel runs in two passes over a row, each pass its own small method: the integer sums of every group
     * into a scratch array, then their scaling into floats. One method doing both grows past C2's node-count
     * inlining cutoff, and a Vector API call that is not inlined boxes its vector (an allocation per group, several
     * times slower).
     */

    /**
     * {@code sums[32i + j]}: the dot product of the signed nibbles of block {@code j} of the {@code i}-th group (of
     * {@code rows} consecutive rows) with its activations (Q4_0 and Q4_K share the nibble layout). Several rows per
     * call: a call's fixed costs are a third of a 2048-wide row's work. {@code a} and {@code c} take 16 of a lane's 32 products
     * each (|sum| ≤ 16 · 1016), {@code a + c} all 32 (≤ 32512, inside a short).
     */
    static void nibbleSums(MemorySegment w, long o, long groupBytes, int groups, int rows, short[] q, short[] sums) {
        for (int n = groups * rows, g = 0, i = 0; i < n; i++, g = g + 1 == groups ? 0 : g + 1, o += groupBytes) {
            ShortVector a = ShortVector.zero(S), c = ShortVector.zero(S);
            for (int k = 0, xo = 1024 * g; k < 16; k += 2) {
                long p = o + 32 * k;
                ShortVector s = widen(w, p), t = widen(w, p + 32);
                a = a.add(low(s).mul(x(q, xo + 32 * k))).add(s.lanewise(ASHR, 4).mul(x(q, xo + 32 * k + 512)));
                c = c.add(low(t).mul(x(q, xo + 32 * k + 32))).add(t.lanewise(ASHR, 4).mul(x(q, xo + 32 * k + 544)));
            }
            a.add(c).intoArray(sums, 32 * i);
        }
    }

    // ---- Q4_0 ----

    static void q4_0(MemorySegment w, long o, int groups, int rows, short[] q, float[] scale, short[] sums, float[] out, int at) {
        nibbleSums(w, o, 576, groups, rows, q, sums);
        for (int r = 0; r < rows; r++, o += 576L * groups) out[at + r] = q4_0Scale(w, o, groups, scale, sums, 32 * groups * r);
    }

    private static float q4_0Scale(MemorySegment w, long o, int groups, float[] scale, short[] sums, int from) {
        FloatVector u = FloatVector.zero(F), v = FloatVector.zero(F);
        for (int g = 0; g < groups; g++, o += 576) {
            ShortVector acc = ShortVector.fromArray(S, sums, from + 32 * g);
            IntVector h = IntVector.fromMemorySegment(I, w, o + 512, LE);
            u = part(acc, 0).fma(half(h.lanewise(LSHL, 16)).mul(FloatVector.fromArray(F, scale, 32 * g)), u);
            v = part(acc, 1).fma(half(h).mul(FloatVector.fromArray(F, scale, 32 * g + 16)), v);
        }
        return u.add(v).reduceLanes(VectorOperators.ADD);
    }

    // ---- Q4_K: w = d·sc·q − dmin·m = A·(q − 8) + B with A = d·sc, B = 8A − dmin·m ----

    static void q4_k(MemorySegment w, long o, int groups, int rows, short[] q, float[] scale, float[] sum, short[] sums, float[] out, int at) {
        nibbleSums(w, o, 608, groups, rows, q, sums);
        for (int r = 0; r < rows; r++, o += 608L * groups) out[at + r] = q4_kScale(w, o, groups, scale, sum, sums, 32 * groups * r);
    }

    private static float q4_kScale(MemorySegment w, long o, int groups, float[] scale, float[] sum, short[] sums, int from) {
        FloatVector u = FloatVector.zero(F), v = FloatVector.zero(F);
        for (int g = 0; g < groups; g++, o += 608) {
            ShortVector acc = ShortVector.fromArray(S, sums, from + 32 * g);
            FloatVector dd = FloatVector.fromMemorySegment(F, w, o + 576, LE);
            FloatVector a0 = floats(w, o + 512).mul(dd.rearrange(D0)), a1 = floats(w, o + 528).mul(dd.rearrange(D1));
            FloatVector b0 = a0.mul(8f).sub(floats(w, o + 544).mul(dd.rearrange(M0)));
            FloatVector b1 = a1.mul(8f).sub(floats(w, o + 560).mul(dd.rearrange(M1)));
            int b = 32 * g;
            u = part(acc, 0).mul(FloatVector.fromArray(F, scale, b)).fma(a0, b0.fma(FloatVector.fromArray(F, sum, b), u));
            v = part(acc, 1).mul(FloatVector.fromArray(F, scale, b + 16)).fma(a1, b1.fma(FloatVector.fromArray(F, sum, b + 16), v));
        }
        return u.add(v).reduceLanes(VectorOperators.ADD);
    }

    // ---- Q6_K: w = d·sc·(q − 32), 16-element sub-blocks ----

    private static final ShortVector LOW4 = ShortVector.broadcast(S, (short) 0xF), BITS45 = ShortVector.broadcast(S, (short) 0x30),
            OFFSET = ShortVector.broadcast(S, (short) 32);

    /** {@code q − 32} from its low nibble {@code l} and its top bit pair at bits 4-5 of {@code h}. */
    private static ShortVector six(ShortVector l, ShortVector h) {
        return l.or(h.and(BITS45)).sub(OFFSET);
    }

    static void q6_k(MemorySegment w, long o, int groups, int rows, short[] q, float[] scale, int[] sums, float[] out, int at) {
        sixSums(w, o, groups, rows, q, sums);
        for (int r = 0; r < rows; r++, o += 424L * groups) out[at + r] = q6_kScale(w, o, groups, scale, sums, 32 * groups * r);
    }

    /**
     * {@code sums[32i + j]}: the dot product of sub-block {@code j} of the {@code i}-th group with its activations, from
     * two short sums of 8 products each (≤ 32512) added as ints.
     */
    static void sixSums(MemorySegment w, long o, int groups, int rows, short[] q, int[] sums) {
        for (int n = groups * rows, g = 0, i = 0; i < n; i++, g = g + 1 == groups ? 0 : g + 1, o += 424) {
            int xo = 512 * g;
            ShortVector lo = ShortVector.zero(S), hi = ShortVector.zero(S);
            for (int t = 0; t < 4; t++) {
                ShortVector h = widen(w, o + 256 + 32 * t), sa = widen(w, o + 32 * t), sb = widen(w, o + 128 + 32 * t);
                lo = lo.add(six(sa.and(LOW4), h.lanewise(LSHL, 4)).mul(x(q, xo + 32 * t)))
                        .add(six(sb.and(LOW4), h.lanewise(LSHL, 2)).mul(x(q, xo + 128 + 32 * t)));
                hi = hi.add(six(sa.lanewise(ASHR, 4).and(LOW4), h).mul(x(q, xo + 256 + 32 * t)))
                        .add(six(sb.lanewise(ASHR, 4).and(LOW4), h.lanewise(ASHR, 2)).mul(x(q, xo + 384 + 32 * t)));
            }
            lo.convertShape(VectorOperators.S2I, I, 0).reinterpretAsInts().add(hi.convertShape(VectorOperators.S2I, I, 0).reinterpretAsInts())
                    .intoArray(sums, 32 * i);
            lo.convertShape(VectorOperators.S2I, I, 1).reinterpretAsInts().add(hi.convertShape(VectorOperators.S2I, I, 1).reinterpretAsInts())
                    .intoArray(sums, 32 * i + 16);
        }
    }

    private static float q6_kScale(MemorySegment w, long o, int groups, float[] scale, int[] sums, int from) {
        FloatVector a = FloatVector.zero(F), c = FloatVector.zero(F);
        for (int g = 0; g < groups; g++, o += 424) {
            float d0 = w.get(FLOAT, o + 416) * scale[2 * g], d1 = w.get(FLOAT, o + 420) * scale[2 * g + 1];
            a = IntVector.fromArray(I, sums, from + 32 * g).convert(VectorOperators.I2F, 0).reinterpretAsFloats().fma(floats(w, o + 384).mul(d0), a);
            c = IntVector.fromArray(I, sums, from + 32 * g + 16).convert(VectorOperators.I2F, 0).reinterpretAsFloats().fma(floats(w, o + 400).mul(d1), c);
        }
        return a.add(c).reduceLanes(VectorOperators.ADD);
    }

    // ---- row decoders for prefill, in the repacked order ----

    /*
     * Also in passes, for the same reason as the kernels: each group's per-lane scale A and offset B (an element is
     * A·v + B for its signed quant v) into a scratch array, then the quants expanded with them, low nibbles and
     * high nibbles in separate loops.
     */

    static void decodeQ4_0(MemorySegment w, long o, int groups, float[] out, float[] ab) {
        for (int g = 0; g < groups; g++) {
            IntVector h = IntVector.fromMemorySegment(I, w, o + 576L * g + 512, LE);
            half(h.lanewise(LSHL, 16)).mul(0x1p112f).intoArray(ab, 64 * g);
            half(h).mul(0x1p112f).intoArray(ab, 64 * g + 16);
            FloatVector.zero(F).intoArray(ab, 64 * g + 32);
            FloatVector.zero(F).intoArray(ab, 64 * g + 48);
        }
        expandNibbles(w, o, 576, groups, out, ab);
    }

    static void decodeQ4_K(MemorySegment w, long o, int groups, float[] out, float[] ab) {
        for (int g = 0; g < groups; g++) {
            long p = o + 608L * g;
            FloatVector dd = FloatVector.fromMemorySegment(F, w, p + 576, LE);
            FloatVector a0 = floats(w, p + 512).mul(dd.rearrange(D0)), a1 = floats(w, p + 528).mul(dd.rearrange(D1));
            a0.intoArray(ab, 64 * g);
            a1.intoArray(ab, 64 * g + 16);
            a0.mul(8f).sub(floats(w, p + 544).mul(dd.rearrange(M0))).intoArray(ab, 64 * g + 32);
            a1.mul(8f).sub(floats(w, p + 560).mul(dd.rearrange(M1))).intoArray(ab, 64 * g + 48);
        }
        expandNibbles(w, o, 608, groups, out, ab);
    }

    /** {@code out[1024g + 32i + j] = A_j · v + B_j} for the signed nibble {@code v} of element {@code i} of block {@code j}. */
    private static void expandNibbles(MemorySegment w, long o, long groupBytes, int groups, float[] out, float[] ab) {
        for (int g = 0; g < groups; g++, o += groupBytes) {
            FloatVector a0 = FloatVector.fromArray(F, ab, 64 * g), a1 = FloatVector.fromArray(F, ab, 64 * g + 16);
            FloatVector b0 = FloatVector.fromArray(F, ab, 64 * g + 32), b1 = FloatVector.fromArray(F, ab, 64 * g + 48);
            for (int k = 0; k < 16; k++) {
                ShortVector v = low(widen(w, o + 32 * k));
                part(v, 0).fma(a0, b0).intoArray(out, 1024 * g + 32 * k);
                part(v, 1).fma(a1, b1).intoArray(out, 1024 * g + 32 * k + 16);
            }
        }
        expandHighNibbles(w, o - groupBytes * groups, groupBytes, groups, out, ab);
    }

    private static void expandHighNibbles(MemorySegment w, long o, long groupBytes, int groups, float[] out, float[] ab) {
        for (int g = 0; g < groups; g++, o += groupBytes) {
            FloatVector a0 = FloatVector.fromArray(F, ab, 64 * g), a1 = FloatVector.fromArray(F, ab, 64 * g + 16);
            FloatVector b0 = FloatVector.fromArray(F, ab, 64 * g + 32), b1 = FloatVector.fromArray(F, ab, 64 * g + 48);
            for (int k = 0; k < 16; k++) {
                ShortVector v = widen(w, o + 32 * k).lanewise(ASHR, 4);
                part(v, 0).fma(a0, b0).intoArray(out, 1024 * g + 32 * k + 512);
                part(v, 1).fma(a1, b1).intoArray(out, 1024 * g + 32 * k + 528);
            }
        }
    }

    static void decodeQ6_K(MemorySegment w, long o, int groups, float[] out, float[] ab) {
        for (int g = 0; g < groups; g++) {
            long p = o + 424L * g;
            floats(w, p + 384).mul(w.get(FLOAT, p + 416)).intoArray(ab, 32 * g);
            floats(w, p + 400).mul(w.get(FLOAT, p + 420)).intoArray(ab, 32 * g + 16);
        }
        for (int t = 0; t < 4; t++) {
            // elements t, t + 4 (low nibbles of the two byte rows), t + 8, t + 12 (high nibbles); top bits at 2p
            for (int p = 0; p < 4; p++) expandSix(w, o, groups, 32 * t + 128 * (p & 1), 4 * (p >> 1), 256 + 32 * t, 2 * p, 32 * t + 128 * p, out, ab);
        }
    }

    /**
     * One element of every lane: {@code out[512g + at + j] = A_j · (q − 32)}, with the low four bits of {@code q}
     * at {@code shift} in the byte row at {@code low}, its top two bits at {@code 2p} of the byte row at {@code top}.
     */
    private static void expandSix(MemorySegment w, long o, int groups, int low, int shift, int top, int p2, int at, float[] out, float[] ab) {
        for (int g = 0; g < groups; g++, o += 424) {
            ShortVector v = six(widen(w, o + low).lanewise(ASHR, shift).and(LOW4), widen(w, o + top).lanewise(LSHL, 4).lanewise(ASHR, p2));
            part(v, 0).mul(FloatVector.fromArray(F, ab, 32 * g)).intoArray(out, 512 * g + at);
            part(v, 1).mul(FloatVector.fromArray(F, ab, 32 * g + 16)).intoArray(out, 512 * g + at + 16);
        }
    }
}
