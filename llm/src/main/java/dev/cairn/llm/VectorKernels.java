package dev.cairn.llm;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static dev.cairn.llm.Quant.f16;
import static dev.cairn.llm.Quant.i8;
import static dev.cairn.llm.Quant.u8;

/**
 * Vector API versions of the dot products of every supported type. Each
 * walks the same blocks as its scalar reference in {@link Quant} and must agree with it up to float summation
 * order; {@code VectorKernelsTest} holds them to that. Like llama.cpp's, they sum q·x over a block or
 * sub-block before applying its scale: with activations rounded to 8-bit blocks those sums are exact, so the
 * results stay those of llama.cpp up to the order of the scaled sums. They need float vectors of 8 or 16 lanes
 * (AVX2, AVX-512); elsewhere, or with {@code -Dcairn.llm.vector=false}, {@link #supports} is false and
 * {@link FloatTensor} uses the scalar kernels.
 */
final class VectorKernels {
    private VectorKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Byte vectors with as many lanes as {@link #F}, so one byte load widens to one float vector. */
    private static final VectorSpecies<Byte> B = L == 16 ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;
    private static final VectorSpecies<Short> S = L == 16 ? ShortVector.SPECIES_256 : ShortVector.SPECIES_128;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static final boolean ENABLED = (L == 8 || L == 16) && !"false".equals(System.getProperty("cairn.llm.vector"));

    /** Whether {@link #dot} has a vector kernel for {@code quant}'s type on this machine. */
    static boolean supports(Quant quant) {
        return ENABLED && switch (quant.type()) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, IQ4_NL, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, IQ4_XS -> true;
            default -> false;
        };
    }

    /** The dot product of {@code n} elements of type {@code quant} at {@code offset} with {@code x[xOff ..]}. */
    static float dot(Quant quant, MemorySegment data, long offset, float[] x, int xOff, int n) {
        return switch (quant.type()) {
            case F32 -> f32(data, offset, x, xOff, n);
            case F16 -> f16s(data, offset, x, xOff, n);
            case BF16 -> bf16(data, offset, x, xOff, n);
            case Q8_0 -> q8_0(data, offset, x, xOff, n);
            case Q4_0 -> q4_0(data, offset, x, xOff, n);
            case Q4_1 -> q4_1(data, offset, x, xOff, n);
            case Q5_0 -> q5(data, offset, x, xOff, n, false);
            case Q5_1 -> q5(data, offset, x, xOff, n, true);
            case IQ4_NL -> iq4_nl(data, offset, x, xOff, n);
            case IQ4_XS -> iq4_xs(data, offset, x, xOff, n);
            case Q2_K -> q2_k(data, offset, x, xOff, n);
            case Q3_K -> q3_k(data, offset, x, xOff, n);
            case Q4_K -> q4_k(data, offset, x, xOff, n);
            case Q5_K -> q5_k(data, offset, x, xOff, n);
            case Q6_K -> q6_k(data, offset, x, xOff, n);
            default -> throw new IllegalArgumentException(quant.type() + " has no vector kernel");
        };
    }

    private static FloatVector widen(ByteVector b) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, F, 0);
    }

    /** The dot product of the first {@code n} elements of {@code a} and {@code b}. */
    static float dot(float[] a, float[] b, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i + L <= n; i += L) acc = FloatVector.fromArray(F, a, i).fma(FloatVector.fromArray(F, b, i), acc);
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    static float f32(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i + L <= n; i += L) {
            acc = FloatVector.fromMemorySegment(F, data, offset + 4L * i, LE).fma(FloatVector.fromArray(F, x, xOff + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) sum += data.get(Quant.FLOAT, offset + 4L * i) * x[xOff + i];
        return sum;
    }

    static float bf16(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i + L <= n; i += L) {
            ShortVector s = ShortVector.fromMemorySegment(S, data, offset + 2L * i, LE);
            FloatVector w = ((IntVector) s.convertShape(VectorOperators.S2I, I, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            acc = w.fma(FloatVector.fromArray(F, x, xOff + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) sum += FloatFormats.BF16.bf16(data, offset + 2L * i) * x[xOff + i];
        return sum;
    }

    private static final FloatVector HALF_EXPONENT_SHIFT = FloatVector.broadcast(F, 0x1p112f);

    /**
     * IEEE halves to floats without a conversion instruction: the half's exponent and mantissa bits, moved to a
     * float's positions, read as a float 2^112 times too small (exact for normal and subnormal halves); infinities
     * and NaNs get the float's all-ones exponent; the sign goes back on last.
     */
    static float f16s(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i + L <= n; i += L) {
            IntVector h = (IntVector) ShortVector.fromMemorySegment(S, data, offset + 2L * i, LE).convertShape(VectorOperators.S2I, I, 0);
            IntVector magnitude = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            FloatVector w = magnitude.reinterpretAsFloats().mul(HALF_EXPONENT_SHIFT);
            VectorMask<Integer> special = h.and(0x7C00).compare(VectorOperators.EQ, 0x7C00);
            w = w.blend(magnitude.or(0x7F800000).reinterpretAsFloats(), special.cast(F));
            w = w.reinterpretAsInts().or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            acc = w.fma(FloatVector.fromArray(F, x, xOff + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) sum += Quant.f16(data, offset + 2L * i) * x[xOff + i];
        return sum;
    }

    /**
     * Two blocks per step into two accumulators: with one, every block waits for the previous block's
     * fused multiply-add (4 cycles), which held a decode step's matrices to 21 GB/s on two threads, against 35
     * with two (all of a Llama-3.2-1B-shaped model's matrices in decode order, 2 threads; a memory scan reads 37).
     */
    static float q8_0(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        int blocks = n / 32, b = 0;
        for (; b + 1 < blocks; b += 2, offset += 68) {
            acc0 = q8_0Block(data, offset, x, xOff + 32 * b).fma(FloatVector.broadcast(F, f16(data, offset)), acc0);
            acc1 = q8_0Block(data, offset + 34, x, xOff + 32 * b + 32).fma(FloatVector.broadcast(F, f16(data, offset + 34)), acc1);
        }
        if (b < blocks) acc0 = q8_0Block(data, offset, x, xOff + 32 * b).fma(FloatVector.broadcast(F, f16(data, offset)), acc0);
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** The lane-wise products of one Q8_0 block's quants with {@code x[at ..]}, not yet scaled. */
    private static FloatVector q8_0Block(MemorySegment data, long offset, float[] x, int at) {
        FloatVector block = widen(ByteVector.fromMemorySegment(B, data, offset + 2, LE)).mul(FloatVector.fromArray(F, x, at));
        for (int j = L; j < 32; j += L) {
            block = widen(ByteVector.fromMemorySegment(B, data, offset + 2 + j, LE)).fma(FloatVector.fromArray(F, x, at + j), block);
        }
        return block;
    }

    static float q4_0(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < n / 32; b++, offset += 18) {
            FloatVector block = FloatVector.zero(F);
            int base = xOff + 32 * b;
            for (int j = 0; j < 16; j += L) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, offset + 2 + j, LE);
                FloatVector lo = widen(q.and((byte) 0xF).sub((byte) 8));
                FloatVector hi = widen(q.lanewise(VectorOperators.LSHR, 4).sub((byte) 8));
                block = lo.fma(FloatVector.fromArray(F, x, base + j), block);
                block = hi.fma(FloatVector.fromArray(F, x, base + 16 + j), block);
            }
            acc = block.fma(FloatVector.broadcast(F, f16(data, offset)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float q4_1(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < n / 32; b++, offset += 20) {
            FloatVector qx = FloatVector.zero(F), xs = FloatVector.zero(F);
            int base = xOff + 32 * b;
            for (int j = 0; j < 16; j += L) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, offset + 4 + j, LE);
                FloatVector x0 = FloatVector.fromArray(F, x, base + j), x1 = FloatVector.fromArray(F, x, base + 16 + j);
                qx = widen(q.and((byte) 0xF)).fma(x0, qx);
                qx = widen(q.lanewise(VectorOperators.LSHR, 4)).fma(x1, qx);
                xs = xs.add(x0).add(x1);
            }
            acc = qx.fma(FloatVector.broadcast(F, f16(data, offset)), acc);
            acc = xs.fma(FloatVector.broadcast(F, f16(data, offset + 2)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** The fifth bits {@code from .. from + L} of {@code qh}, as 0 or 16 per lane. */
    private static ByteVector fifthBits(int qh, int from) {
        long bits = (qh >>> from) & ((1L << L) - 1);
        return ByteVector.zero(B).blend((byte) 16, VectorMask.fromLong(B, bits));
    }

    /** Q5_0 ({@code withMin} false: x = d·(q − 16)) and Q5_1 (x = d·q + m). */
    static float q5(MemorySegment data, long offset, float[] x, int xOff, int n, boolean withMin) {
        FloatVector acc = FloatVector.zero(F);
        int blockBytes = withMin ? 24 : 22, head = withMin ? 4 : 2;
        byte bias = (byte) (withMin ? 0 : 16);
        for (int b = 0; b < n / 32; b++, offset += blockBytes) {
            int qh = data.get(Quant.INT, offset + head);
            FloatVector qx = FloatVector.zero(F), xs = FloatVector.zero(F);
            int base = xOff + 32 * b;
            for (int j = 0; j < 16; j += L) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, offset + head + 4 + j, LE);
                FloatVector x0 = FloatVector.fromArray(F, x, base + j), x1 = FloatVector.fromArray(F, x, base + 16 + j);
                qx = widen(q.and((byte) 0xF).or(fifthBits(qh, j)).sub(bias)).fma(x0, qx);
                qx = widen(q.lanewise(VectorOperators.LSHR, 4).or(fifthBits(qh, 16 + j)).sub(bias)).fma(x1, qx);
                if (withMin) xs = xs.add(x0).add(x1);
            }
            acc = qx.fma(FloatVector.broadcast(F, f16(data, offset)), acc);
            if (withMin) acc = xs.fma(FloatVector.broadcast(F, f16(data, offset + 2)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static final ByteVector LEVELS_LOW = ByteVector.fromArray(B, BlockQuants.IQ4_LEVELS, 0);
    private static final ByteVector LEVELS_HIGH = ByteVector.fromArray(B, BlockQuants.IQ4_LEVELS, 16 - L);

    /** The IQ4 levels of 4-bit indexes. */
    private static ByteVector levels(ByteVector index) {
        return L == 16 ? index.selectFrom(LEVELS_LOW) : index.selectFrom(LEVELS_LOW, LEVELS_HIGH);
    }

    static float iq4_nl(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < n / 32; b++, offset += 18) {
            FloatVector block = FloatVector.zero(F);
            int base = xOff + 32 * b;
            for (int j = 0; j < 16; j += L) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, offset + 2 + j, LE);
                block = widen(levels(q.and((byte) 0xF))).fma(FloatVector.fromArray(F, x, base + j), block);
                block = widen(levels(q.lanewise(VectorOperators.LSHR, 4))).fma(FloatVector.fromArray(F, x, base + 16 + j), block);
            }
            acc = block.fma(FloatVector.broadcast(F, f16(data, offset)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float iq4_xs(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < n / 256; b++, offset += 136) {
            float d = f16(data, offset);
            for (int sub = 0; sub < 8; sub++) {
                FloatVector block = FloatVector.zero(F);
                int base = xOff + 256 * b + 32 * sub;
                for (int j = 0; j < 16; j += L) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, offset + 8 + 16 * sub + j, LE);
                    block = widen(levels(q.and((byte) 0xF))).fma(FloatVector.fromArray(F, x, base + j), block);
                    block = widen(levels(q.lanewise(VectorOperators.LSHR, 4))).fma(FloatVector.fromArray(F, x, base + 16 + j), block);
                }
                acc = block.fma(FloatVector.broadcast(F, d * KQuants.IQ4_XS.scale(data, offset, sub)), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float q2_k(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < n / 256; b++, offset += 84) {
            float d = f16(data, offset + 80), dmin = f16(data, offset + 82);
            for (int sub = 0; sub < 16; sub++) {
                int sc = u8(data, offset + sub);
                int half = sub / 8, shift = 2 * ((sub % 8) / 2), first = 16 * (sub % 2);
                FloatVector qx = FloatVector.zero(F), xs = FloatVector.zero(F);
                for (int l = first; l < first + 16; l += L) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, offset + 16 + 32 * half + l, LE)
                            .lanewise(VectorOperators.LSHR, shift).and((byte) 3);
                    FloatVector xv = FloatVector.fromArray(F, x, xOff + 256 * b + 16 * sub - first + l);
                    qx = widen(q).fma(xv, qx);
                    xs = xs.add(xv);
                }
                acc = qx.fma(FloatVector.broadcast(F, d * (sc & 0xF)), acc);
                acc = xs.fma(FloatVector.broadcast(F, -dmin * (sc >>> 4)), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float q3_k(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < n / 256; b++, offset += 110) {
            float d = f16(data, offset + 108);
            for (int sub = 0; sub < 16; sub++) {
                int half = sub / 8, j = (sub % 8) / 2, first = 16 * (sub % 2);
                FloatVector qx = FloatVector.zero(F);
                for (int l = first; l < first + 16; l += L) {
                    ByteVector low = ByteVector.fromMemorySegment(B, data, offset + 32 + 32 * half + l, LE)
                            .lanewise(VectorOperators.LSHR, 2 * j).and((byte) 3);
                    ByteVector high = ByteVector.fromMemorySegment(B, data, offset + l, LE)
                            .lanewise(VectorOperators.LSHR, 4 * half + j).and((byte) 1).lanewise(VectorOperators.LSHL, 2);
                    FloatVector xv = FloatVector.fromArray(F, x, xOff + 256 * b + 16 * sub - first + l);
                    qx = widen(low.or(high).sub((byte) 4)).fma(xv, qx);
                }
                acc = qx.fma(FloatVector.broadcast(F, d * KQuants.Q3_K.scale(data, offset + 96, sub)), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float q4_k(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < n / 256; b++, offset += 144) {
            float d = f16(data, offset), dmin = f16(data, offset + 2);
            for (int sub = 0; sub < 8; sub++) {
                FloatVector qx = FloatVector.zero(F), xs = FloatVector.zero(F);
                int shift = 4 * (sub % 2), base = xOff + 256 * b + 32 * sub;
                for (int l = 0; l < 32; l += L) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, offset + 16 + 32 * (sub / 2) + l, LE)
                            .lanewise(VectorOperators.LSHR, shift).and((byte) 0xF);
                    FloatVector xv = FloatVector.fromArray(F, x, base + l);
                    qx = widen(q).fma(xv, qx);
                    xs = xs.add(xv);
                }
                acc = qx.fma(FloatVector.broadcast(F, d * KQuants.scale6(data, offset + 4, sub)), acc);
                acc = xs.fma(FloatVector.broadcast(F, -dmin * KQuants.min6(data, offset + 4, sub)), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float q5_k(MemorySegment data, long offset, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < n / 256; b++, offset += 176) {
            float d = f16(data, offset), dmin = f16(data, offset + 2);
            for (int sub = 0; sub < 8; sub++) {
                FloatVector qx = FloatVector.zero(F), xs = FloatVector.zero(F);
                int shift = 4 * (sub % 2), base = xOff + 256 * b + 32 * sub;
                for (int l = 0; l < 32; l += L) {
                    ByteVector low = ByteVector.fromMemorySegment(B, data, offset + 48 + 32 * (sub / 2) + l, LE)
                            .lanewise(VectorOperators.LSHR, shift).and((byte) 0xF);
                    ByteVector high = ByteVector.fromMemorySegment(B, data, offset + 16 + l, LE)
                            .lanewise(VectorOperators.LSHR, sub).and((byte) 1).lanewise(VectorOperators.LSHL, 4);
                    FloatVector xv = FloatVector.fromArray(F, x, base + l);
                    qx = widen(low.or(high)).fma(xv, qx);
                    xs = xs.add(xv);
                }
                acc = qx.fma(FloatVector.broadcast(F, d * KQuants.scale6(data, offset + 4, sub)), acc);
                acc = xs.fma(FloatVector.broadcast(F, -dmin * KQuants.min6(data, offset + 4, sub)), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float q6_k(MemorySegment data, long offset, float[] x, int xOff, int count) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < count / 256; b++, offset += 210) {
            float d = f16(data, offset + 208);
            for (int sub = 0; sub < 16; sub++) {
                int n = sub / 8, k = (sub % 8) / 2, first = 16 * (sub % 2);
                FloatVector qx = FloatVector.zero(F);
                for (int l = first; l < first + 16; l += L) {
                    ByteVector low = ByteVector.fromMemorySegment(B, data, offset + 64 * n + 32 * (k % 2) + l, LE)
                            .lanewise(VectorOperators.LSHR, 4 * (k / 2)).and((byte) 0xF);
                    ByteVector high = ByteVector.fromMemorySegment(B, data, offset + 128 + 32 * n + l, LE)
                            .lanewise(VectorOperators.LSHR, 2 * k).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
                    FloatVector xv = FloatVector.fromArray(F, x, xOff + 256 * b + 128 * n + 32 * k + l);
                    qx = widen(low.or(high).sub((byte) 32)).fma(xv, qx);
                }
                acc = qx.fma(FloatVector.broadcast(F, d * i8(data, offset + 192 + sub)), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
