package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;

/**
 * Float rows to GGUF blocks, as ggml's reference quantizers ({@code quantize_row_*_ref}, what llama-quantize uses
 * without an importance matrix) compute them, float operation for float operation, so the bytes are the same:
 * Q8_0 and Q4_0 (one scale per 32), Q4_K (eight 32-element sub-blocks, scale and min searched by weighted least
 * squares, then 6-bit scales) and Q6_K (sixteen 16-element sub-blocks, a scale searched around the largest value,
 * then 8-bit scales). Halves round to nearest even, as ggml's F16C conversion.
 */
final class Encoders {
    private Encoders() {}

    /** The types {@link #encode} writes. */
    static boolean supports(GgmlType type) {
        return switch (type) {
            case F32, F16, Q8_0, Q4_0, Q4_K, Q6_K -> true;
            default -> false;
        };
    }

    /** {@code x} (a multiple of the type's block size) encoded as {@code type}. */
    static byte[] encode(GgmlType type, float[] x) {
        byte[] out = new byte[(int) type.byteSize(x.length)];
        int blocks = x.length / type.blockSize();
        for (int b = 0; b < blocks; b++) {
            int xo = b * type.blockSize(), o = b * type.typeSize();
            switch (type) {
                case F32 -> { int bits = Float.floatToRawIntBits(x[b]); putShort(out, 4 * b, bits); putShort(out, 4 * b + 2, bits >>> 16); }
                case F16 -> putShort(out, 2 * b, Float.floatToFloat16(x[b]));
                case Q8_0 -> q8_0(x, xo, out, o);
                case Q4_0 -> q4_0(x, xo, out, o);
                case Q4_K -> q4_K(x, xo, out, o);
                case Q6_K -> q6_K(x, xo, out, o);
                default -> throw new LlmException("cannot quantize to " + type + " (supported: F32, F16, Q8_0, Q4_0, Q4_K, Q6_K)");
            }
        }
        return out;
    }

    /** d = max|x| / 127, q = round(x / d) (half away from zero). */
    private static void q8_0(float[] x, int xo, byte[] out, int o) {
        float amax = 0;
        for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[xo + j]));
        float d = amax / 127, id = d != 0 ? 1f / d : 0f;
        putShort(out, o, Float.floatToFloat16(d));
        for (int j = 0; j < 32; j++) out[o + 2 + j] = (byte) roundAway(x[xo + j] * id);
    }

    /** d = (the value largest in magnitude) / -8, q = x / d + 8 truncated, at most 15; low nibbles hold 0..15. */
    private static void q4_0(float[] x, int xo, byte[] out, int o) {
        float amax = 0, max = 0;
        for (int j = 0; j < 32; j++) {
            float v = x[xo + j];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8, id = d != 0 ? 1f / d : 0f;
        putShort(out, o, Float.floatToFloat16(d));
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (int) (x[xo + j] * id + 8.5f));
            int hi = Math.min(15, (int) (x[xo + 16 + j] * id + 8.5f));
            out[o + 2 + j] = (byte) (lo | hi << 4);
        }
    }

    /** Q4_K: x ≈ d·sc·q − dmin·m per 32 elements, q in 0..15, sc and m 6-bit. */
    private static void q4_K(float[] x, int xo, byte[] out, int o) {
        int[] L = new int[256], aux = new int[32];
        float[] weights = new float[32], scales = new float[8], mins = new float[8], min = new float[1];
        float maxScale = 0, maxMin = 0;
        for (int j = 0; j < 8; j++) {
            float sumX2 = 0;
            for (int l = 0; l < 32; l++) sumX2 += x[xo + 32 * j + l] * x[xo + 32 * j + l];
            float avX = (float) Math.sqrt(sumX2 / 32);
            for (int l = 0; l < 32; l++) weights[l] = avX + Math.abs(x[xo + 32 * j + l]);
            scales[j] = scaleAndMin(x, xo + 32 * j, weights, L, 32 * j, min, aux);
            mins[j] = min[0];
            if (scales[j] > maxScale) maxScale = scales[j];
            if (mins[j] > maxMin) maxMin = mins[j];
        }
        float invScale = maxScale > 0 ? 63f / maxScale : 0f, invMin = maxMin > 0 ? 63f / maxMin : 0f;
        int sc = o + 4; // d, dmin, then 12 bytes of scales and mins
        for (int j = 0; j < 8; j++) {
            int ls = Math.min(63, nearestInt(invScale * scales[j]) & 0xFF);
            int lm = Math.min(63, nearestInt(invMin * mins[j]) & 0xFF);
            if (j < 4) {
                out[sc + j] = (byte) ls;
                out[sc + j + 4] = (byte) lm;
            } else {
                out[sc + j + 4] = (byte) ((ls & 0xF) | (lm & 0xF) << 4);
                out[sc + j - 4] |= (byte) ((ls >> 4) << 6);
                out[sc + j] |= (byte) ((lm >> 4) << 6);
            }
        }
        short dh = Float.floatToFloat16(maxScale / 63f), dminh = Float.floatToFloat16(maxMin / 63f);
        putShort(out, o, dh);
        putShort(out, o + 2, dminh);
        float dAll = Float.float16ToFloat(dh), dminAll = Float.float16ToFloat(dminh);
        for (int j = 0; j < 8; j++) {
            int s, m;
            if (j < 4) {
                s = out[sc + j] & 63;
                m = out[sc + j + 4] & 63;
            } else {
                s = (out[sc + j + 4] & 0xF) | ((out[sc + j - 4] & 0xFF) >> 6) << 4;
                m = ((out[sc + j + 4] & 0xFF) >> 4) | ((out[sc + j] & 0xFF) >> 6) << 4;
            }
            float d = dAll * s;
            if (d == 0) continue;
            float dm = dminAll * m;
            for (int i = 0; i < 32; i++) L[32 * j + i] = Math.clamp(nearestInt((x[xo + 32 * j + i] + dm) / d), 0, 15);
        }
        int q = o + 16;
        for (int j = 0; j < 256; j += 64) {
            for (int l = 0; l < 32; l++) out[q + l] = (byte) (L[j + l] | L[j + l + 32] << 4);
            q += 32;
        }
    }

    /**
     * ggml's {@code make_qkx2_quants} for 32 values, 4 bits (nmax 15), rmin -1, rdelta 0.1, 21 steps, squared error:
     * levels {@code L[lo ..]}, returns the scale, {@code theMin[0]} the (positive) min to subtract.
     */
    private static float scaleAndMin(float[] x, int xo, float[] w, int[] L, int lo, float[] theMin, int[] aux) {
        int n = 32, nmax = 15;
        float min = x[xo], max = x[xo], sumW = w[0], sumX = sumW * x[xo];
        for (int i = 1; i < n; i++) {
            if (x[xo + i] < min) min = x[xo + i];
            if (x[xo + i] > max) max = x[xo + i];
            sumW += w[i];
            sumX += w[i] * x[xo + i];
        }
        if (min > 0) min = 0;
        if (max == min) {
            for (int i = 0; i < n; i++) L[lo + i] = 0;
            theMin[0] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min), scale = 1 / iscale, bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = Math.clamp(nearestInt(iscale * (x[xo + i] - min)), 0, nmax);
            L[lo + i] = l;
            float diff = scale * l + min - x[xo + i];
            bestError += w[i] * (diff * diff);
        }
        for (int is = 0; is <= 20; is++) {
            iscale = (-1f + 0.1f * is + nmax) / (max - min);
            float sumL = 0, sumL2 = 0, sumXL = 0;
            for (int i = 0; i < n; i++) {
                int l = Math.clamp(nearestInt(iscale * (x[xo + i] - min)), 0, nmax);
                aux[i] = l;
                sumL += w[i] * l;
                sumL2 += w[i] * l * l;
                sumXL += w[i] * l * x[xo + i];
            }
            float D = sumW * sumL2 - sumL * sumL;
            if (D > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / D;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / D;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * aux[i] + thisMin - x[xo + i];
                    error += w[i] * (diff * diff);
                }
                if (error < bestError) {
                    System.arraycopy(aux, 0, L, lo, n);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        theMin[0] = -min;
        return scale;
    }

    /** Q6_K: x ≈ d·sc·(q − 32) per 16 elements, q in 0..63, sc 8-bit signed. */
    private static void q6_K(float[] x, int xo, byte[] out, int o) {
        int[] L = new int[256];
        float[] scales = new float[16];
        float maxScale = 0, maxAbsScale = 0;
        for (int ib = 0; ib < 16; ib++) {
            float scale = symmetricScale(x, xo + 16 * ib, L, 16 * ib);
            scales[ib] = scale;
            if (Math.abs(scale) > maxAbsScale) {
                maxAbsScale = Math.abs(scale);
                maxScale = scale;
            }
        }
        if (maxAbsScale < 1e-15f) return; // all zero (the array is zeroed)
        float iscale = -128f / maxScale;
        short dh = Float.floatToFloat16(1 / iscale);
        int ql = o, qh = o + 128, sc = o + 192;
        putShort(out, o + 208, dh);
        for (int ib = 0; ib < 16; ib++) out[sc + ib] = (byte) Math.min(127, nearestInt(iscale * scales[ib]));
        for (int j = 0; j < 16; j++) {
            float d = Float.float16ToFloat(dh) * out[sc + j];
            if (d == 0) continue;
            for (int i = 0; i < 16; i++) L[16 * j + i] = Math.clamp(nearestInt(x[xo + 16 * j + i] / d), -32, 31) + 32;
        }
        for (int j = 0; j < 256; j += 128) {
            for (int l = 0; l < 32; l++) {
                int q1 = L[j + l], q2 = L[j + l + 32], q3 = L[j + l + 64], q4 = L[j + l + 96];
                out[ql + l] = (byte) ((q1 & 0xF) | (q3 & 0xF) << 4);
                out[ql + l + 32] = (byte) ((q2 & 0xF) | (q4 & 0xF) << 4);
                out[qh + l] = (byte) ((q1 >> 4) | (q2 >> 4) << 2 | (q3 >> 4) << 4 | (q4 >> 4) << 6);
            }
            ql += 64;
            qh += 32;
        }
    }

    /**
     * ggml's {@code make_qx_quants} for 16 values, nmax 32, weights x²: a scale for levels -32..31 (stored in
     * {@code L[lo ..]} plus 32), tried at 19 step sizes around max/-32, the one with least weighted error kept.
     */
    private static float symmetricScale(float[] x, int xo, int[] L, int lo) {
        int n = 16, nmax = 32;
        float max = 0, amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[xo + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xo + i];
            }
        }
        if (amax < 1e-15f) {
            for (int i = 0; i < n; i++) L[lo + i] = 0;
            return 0f;
        }
        float iscale = -nmax / max, sumLX = 0, sumL2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xo + i], w = v * v;
            int l = Math.clamp(nearestInt(iscale * v), -nmax, nmax - 1);
            L[lo + i] = l + nmax;
            sumLX += w * v * l;
            sumL2 += w * l * l;
        }
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0f, best = scale * sumLX;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) continue;
            iscale = -(nmax + 0.1f * is) / max;
            sumLX = 0;
            sumL2 = 0;
            for (int i = 0; i < n; i++) {
                float v = x[xo + i], w = v * v;
                int l = Math.clamp(nearestInt(iscale * v), -nmax, nmax - 1);
                sumLX += w * v * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; i++) L[lo + i] = nmax + Math.clamp(nearestInt(iscale * x[xo + i]), -nmax, nmax - 1);
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }

    /** Round half to even, as ggml's nearest_int (valid below 2^22 in magnitude). */
    static int nearestInt(float v) {
        return (int) Math.rint(v);
    }

    /** C's roundf: half away from zero. */
    private static int roundAway(float v) {
        return (int) Math.copySign(Math.floor(Math.abs(v) + 0.5), v);
    }

    private static void putShort(byte[] out, int at, int v) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
    }
}
