package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;

import java.lang.foreign.MemorySegment;

import static dev.cairn.llm.Quant.f16;
import static dev.cairn.llm.Quant.i8;
import static dev.cairn.llm.Quant.u8;

/**
 * The 256-element super-block types ("k-quants" and IQ4_XS). A super-block holds sub-blocks of 16 or 32
 * elements, each with its own small integer scale (and for Q2_K, Q4_K, Q5_K a min) multiplied by the
 * super-block's f16 {@code d} (and {@code dmin}). Each dot product sums per sub-block: scale·Σq·x − min·Σx.
 */
final class KQuants {
    private KQuants() {}

    /**
     * Q4_K and Q5_K pack eight 6-bit scales and eight 6-bit mins in 12 bytes: sub-blocks 0-3 use the low six
     * bits of bytes 0-3 (scales) and 4-7 (mins); sub-blocks 4-7 take their low four bits from bytes 8-11 and
     * their top two bits from the spare top bits of bytes 0-7.
     */
    static int scale6(MemorySegment data, long scales, int j) {
        return j < 4 ? u8(data, scales + j) & 63
                : (u8(data, scales + j + 4) & 0xF) | (u8(data, scales + j - 4) >>> 6) << 4;
    }

    static int min6(MemorySegment data, long scales, int j) {
        return j < 4 ? u8(data, scales + j + 4) & 63
                : (u8(data, scales + j + 4) >>> 4) | (u8(data, scales + j) >>> 6) << 4;
    }

    /**
     * {@code scales: 16 bytes (4-bit scale | 4-bit min << 4), qs: 64 bytes of 2-bit quants, d: f16, dmin: f16}.
     * Element {@code 128n + 32j + l} is bits {@code 2j} of byte {@code 32n + l}; its sub-block is {@code 8n + 2j + l/16}.
     */
    record Q2_K() implements Quant {
        public GgmlType type() {
            return GgmlType.Q2_K;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 256; b++, offset += 84) {
                float d = f16(data, offset + 80), dmin = f16(data, offset + 82);
                for (int sub = 0; sub < 16; sub++) {
                    int sc = u8(data, offset + sub);
                    float dl = d * (sc & 0xF), ml = dmin * (sc >>> 4);
                    int half = sub / 8, shift = 2 * ((sub % 8) / 2), first = 16 * (sub % 2);
                    for (int l = first; l < first + 16; l++) {
                        int q = (u8(data, offset + 16 + 32 * half + l) >>> shift) & 3;
                        out[outOff + 256 * b + 16 * sub - first + l] = dl * q - ml;
                    }
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 256; b++, offset += 84) {
                float d = f16(data, offset + 80), dmin = f16(data, offset + 82);
                for (int sub = 0; sub < 16; sub++) {
                    int sc = u8(data, offset + sub);
                    int half = sub / 8, shift = 2 * ((sub % 8) / 2), first = 16 * (sub % 2);
                    float qx = 0, xs = 0;
                    for (int l = first; l < first + 16; l++) {
                        int q = (u8(data, offset + 16 + 32 * half + l) >>> shift) & 3;
                        float xi = x[xOff + 256 * b + 16 * sub - first + l];
                        qx += q * xi;
                        xs += xi;
                    }
                    sum += d * (sc & 0xF) * qx - dmin * (sc >>> 4) * xs;
                }
            }
            return sum;
        }
    }

    /**
     * {@code hmask: 32 bytes, qs: 64 bytes of 2-bit quants, scales: 12 bytes (sixteen 6-bit scales), d: f16}.
     * Element {@code 128n + 32j + l}: low bits {@code 2j} of byte {@code 32n + l}, minus 4 unless bit
     * {@code 4n + j} of {@code hmask[l]} is set; scale {@code 8n + 2j + l/16}, stored offset by 32.
     */
    record Q3_K() implements Quant {
        public GgmlType type() {
            return GgmlType.Q3_K;
        }

        /** Scale {@code i}: low four bits from bytes 0-7, top two bits from bytes 8-11. */
        static int scale(MemorySegment data, long scales, int i) {
            int low = i < 8 ? u8(data, scales + i) & 0xF : u8(data, scales + i - 8) >>> 4;
            int high = (u8(data, scales + 8 + i % 4) >>> (2 * (i / 4))) & 3;
            return (low | high << 4) - 32;
        }

        private static int quant(MemorySegment data, long offset, int half, int j, int l) {
            int q = (u8(data, offset + 32 + 32 * half + l) >>> (2 * j)) & 3;
            boolean high = (u8(data, offset + l) & (1 << (4 * half + j))) != 0;
            return high ? q : q - 4;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 256; b++, offset += 110) {
                float d = f16(data, offset + 108);
                for (int sub = 0; sub < 16; sub++) {
                    float dl = d * scale(data, offset + 96, sub);
                    int half = sub / 8, j = (sub % 8) / 2, first = 16 * (sub % 2);
                    for (int l = first; l < first + 16; l++) {
                        out[outOff + 256 * b + 16 * sub - first + l] = dl * quant(data, offset, half, j, l);
                    }
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 256; b++, offset += 110) {
                float d = f16(data, offset + 108);
                for (int sub = 0; sub < 16; sub++) {
                    int half = sub / 8, j = (sub % 8) / 2, first = 16 * (sub % 2);
                    float qx = 0;
                    for (int l = first; l < first + 16; l++) {
                        qx += quant(data, offset, half, j, l) * x[xOff + 256 * b + 16 * sub - first + l];
                    }
                    sum += d * scale(data, offset + 96, sub) * qx;
                }
            }
            return sum;
        }
    }

    /**
     * {@code d: f16, dmin: f16, scales: 12 bytes, qs: 128 bytes}. Element {@code 64c + l} (l &lt; 32) is the low
     * nibble of byte {@code 32c + l} in sub-block {@code 2c}; element {@code 64c + 32 + l} its high nibble in
     * sub-block {@code 2c + 1}. x = d·scale·q − dmin·min.
     */
    record Q4_K() implements Quant {
        public GgmlType type() {
            return GgmlType.Q4_K;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 256; b++, offset += 144) {
                float d = f16(data, offset), dmin = f16(data, offset + 2);
                for (int sub = 0; sub < 8; sub++) {
                    float dl = d * scale6(data, offset + 4, sub), ml = dmin * min6(data, offset + 4, sub);
                    int shift = 4 * (sub % 2);
                    for (int l = 0; l < 32; l++) {
                        int q = (u8(data, offset + 16 + 32 * (sub / 2) + l) >>> shift) & 0xF;
                        out[outOff + 256 * b + 32 * sub + l] = dl * q - ml;
                    }
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 256; b++, offset += 144) {
                float d = f16(data, offset), dmin = f16(data, offset + 2);
                for (int sub = 0; sub < 8; sub++) {
                    int shift = 4 * (sub % 2);
                    float qx = 0, xs = 0;
                    for (int l = 0; l < 32; l++) {
                        int q = (u8(data, offset + 16 + 32 * (sub / 2) + l) >>> shift) & 0xF;
                        float xi = x[xOff + 256 * b + 32 * sub + l];
                        qx += q * xi;
                        xs += xi;
                    }
                    sum += d * scale6(data, offset + 4, sub) * qx - dmin * min6(data, offset + 4, sub) * xs;
                }
            }
            return sum;
        }
    }

    /**
     * {@code d: f16, dmin: f16, scales: 12 bytes, qh: 32 bytes, qs: 128 bytes}: Q4_K plus a fifth bit, bit
     * {@code sub} of {@code qh[l]} for element {@code l} of sub-block {@code sub}.
     */
    record Q5_K() implements Quant {
        public GgmlType type() {
            return GgmlType.Q5_K;
        }

        private static int quant(MemorySegment data, long offset, int sub, int l) {
            int low = (u8(data, offset + 48 + 32 * (sub / 2) + l) >>> (4 * (sub % 2))) & 0xF;
            int high = (u8(data, offset + 16 + l) >>> sub) & 1;
            return low | high << 4;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 256; b++, offset += 176) {
                float d = f16(data, offset), dmin = f16(data, offset + 2);
                for (int sub = 0; sub < 8; sub++) {
                    float dl = d * scale6(data, offset + 4, sub), ml = dmin * min6(data, offset + 4, sub);
                    for (int l = 0; l < 32; l++) out[outOff + 256 * b + 32 * sub + l] = dl * quant(data, offset, sub, l) - ml;
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 256; b++, offset += 176) {
                float d = f16(data, offset), dmin = f16(data, offset + 2);
                for (int sub = 0; sub < 8; sub++) {
                    float qx = 0, xs = 0;
                    for (int l = 0; l < 32; l++) {
                        float xi = x[xOff + 256 * b + 32 * sub + l];
                        qx += quant(data, offset, sub, l) * xi;
                        xs += xi;
                    }
                    sum += d * scale6(data, offset + 4, sub) * qx - dmin * min6(data, offset + 4, sub) * xs;
                }
            }
            return sum;
        }
    }

    /**
     * {@code ql: 128 bytes, qh: 64 bytes, scales: 16 × i8, d: f16}. Element {@code 128n + 32k + l} (k &lt; 4,
     * l &lt; 32): low nibble (k even) or high nibble (k odd) of {@code ql[64n + 32(k%2) + l]}, top two bits
     * {@code 2k} of {@code qh[32n + l]}, minus 32; scale {@code 8n + 2k + l/16}.
     */
    record Q6_K() implements Quant {
        public GgmlType type() {
            return GgmlType.Q6_K;
        }

        private static int quant(MemorySegment data, long offset, int n, int k, int l) {
            int low = (u8(data, offset + 64 * n + 32 * (k % 2) + l) >>> (4 * (k / 2))) & 0xF;
            int high = (u8(data, offset + 128 + 32 * n + l) >>> (2 * k)) & 3;
            return (low | high << 4) - 32;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int count) {
            for (int b = 0; b < count / 256; b++, offset += 210) {
                float d = f16(data, offset + 208);
                for (int sub = 0; sub < 16; sub++) {
                    int n = sub / 8, k = (sub % 8) / 2, first = 16 * (sub % 2);
                    float dl = d * i8(data, offset + 192 + sub);
                    for (int l = first; l < first + 16; l++) {
                        out[outOff + 256 * b + 128 * n + 32 * k + l] = dl * quant(data, offset, n, k, l);
                    }
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int count) {
            float sum = 0;
            for (int b = 0; b < count / 256; b++, offset += 210) {
                float d = f16(data, offset + 208);
                for (int sub = 0; sub < 16; sub++) {
                    int n = sub / 8, k = (sub % 8) / 2, first = 16 * (sub % 2);
                    float qx = 0;
                    for (int l = first; l < first + 16; l++) {
                        qx += quant(data, offset, n, k, l) * x[xOff + 256 * b + 128 * n + 32 * k + l];
                    }
                    sum += d * i8(data, offset + 192 + sub) * qx;
                }
            }
            return sum;
        }
    }

    /**
     * {@code d: f16, scales_h: u16, scales_l: 4 bytes, qs: 128 bytes}: eight IQ4_NL-style sub-blocks of 32 with
     * 6-bit scales offset by 32 (low four bits in a nibble of {@code scales_l}, top two in {@code scales_h}).
     */
    record IQ4_XS() implements Quant {
        public GgmlType type() {
            return GgmlType.IQ4_XS;
        }

        static int scale(MemorySegment data, long offset, int sub) {
            int low = (u8(data, offset + 4 + sub / 2) >>> (4 * (sub % 2))) & 0xF;
            int high = (data.get(Quant.SHORT, offset + 2) >>> (2 * sub)) & 3;
            return (low | high << 4) - 32;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 256; b++, offset += 136) {
                float d = f16(data, offset);
                for (int sub = 0; sub < 8; sub++) {
                    float dl = d * scale(data, offset, sub);
                    int base = outOff + 256 * b + 32 * sub;
                    for (int j = 0; j < 16; j++) {
                        int q = u8(data, offset + 8 + 16 * sub + j);
                        out[base + j] = dl * BlockQuants.IQ4_LEVELS[q & 0xF];
                        out[base + j + 16] = dl * BlockQuants.IQ4_LEVELS[q >>> 4];
                    }
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 256; b++, offset += 136) {
                float d = f16(data, offset);
                for (int sub = 0; sub < 8; sub++) {
                    int base = xOff + 256 * b + 32 * sub;
                    float qx = 0;
                    for (int j = 0; j < 16; j++) {
                        int q = u8(data, offset + 8 + 16 * sub + j);
                        qx += BlockQuants.IQ4_LEVELS[q & 0xF] * x[base + j] + BlockQuants.IQ4_LEVELS[q >>> 4] * x[base + j + 16];
                    }
                    sum += d * scale(data, offset, sub) * qx;
                }
            }
            return sum;
        }
    }
}
