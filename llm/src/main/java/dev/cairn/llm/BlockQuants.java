package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;

import java.lang.foreign.MemorySegment;

import static dev.cairn.llm.Quant.f16;
import static dev.cairn.llm.Quant.i8;
import static dev.cairn.llm.Quant.u8;

/**
 * The 32-element block types. In the 4- and 5-bit types byte {@code j} of the quants holds element {@code j}
 * in its low nibble and element {@code j + 16} in its high nibble; a 5-bit type keeps the fifth bits of all 32
 * elements in one little-endian u32 {@code qh} (bit {@code i} for element {@code i}).
 */
final class BlockQuants {
    private BlockQuants() {}

    /** The 16 non-uniform levels of IQ4_NL and IQ4_XS. */
    static final byte[] IQ4_LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    /** {@code d: f16, qs: 32 × i8}; x = d·q. */
    record Q8_0() implements Quant {
        public GgmlType type() {
            return GgmlType.Q8_0;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 32; b++, offset += 34) {
                float d = f16(data, offset);
                for (int j = 0; j < 32; j++) out[outOff + 32 * b + j] = d * i8(data, offset + 2 + j);
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 32; b++, offset += 34) {
                float s = 0;
                int base = xOff + 32 * b;
                for (int j = 0; j < 32; j++) s += i8(data, offset + 2 + j) * x[base + j];
                sum += f16(data, offset) * s;
            }
            return sum;
        }
    }

    /** {@code d: f16, qs: 16 bytes}; x = d·(q − 8). */
    record Q4_0() implements Quant {
        public GgmlType type() {
            return GgmlType.Q4_0;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 32; b++, offset += 18) {
                float d = f16(data, offset);
                int base = outOff + 32 * b;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 2 + j);
                    out[base + j] = d * ((q & 0xF) - 8);
                    out[base + j + 16] = d * ((q >>> 4) - 8);
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 32; b++, offset += 18) {
                float s = 0;
                int base = xOff + 32 * b;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 2 + j);
                    s += ((q & 0xF) - 8) * x[base + j] + ((q >>> 4) - 8) * x[base + j + 16];
                }
                sum += f16(data, offset) * s;
            }
            return sum;
        }
    }

    /** {@code d: f16, m: f16, qs: 16 bytes}; x = d·q + m. */
    record Q4_1() implements Quant {
        public GgmlType type() {
            return GgmlType.Q4_1;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 32; b++, offset += 20) {
                float d = f16(data, offset), m = f16(data, offset + 2);
                int base = outOff + 32 * b;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 4 + j);
                    out[base + j] = d * (q & 0xF) + m;
                    out[base + j + 16] = d * (q >>> 4) + m;
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 32; b++, offset += 20) {
                float s = 0, xs = 0;
                int base = xOff + 32 * b;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 4 + j);
                    s += (q & 0xF) * x[base + j] + (q >>> 4) * x[base + j + 16];
                    xs += x[base + j] + x[base + j + 16];
                }
                sum += f16(data, offset) * s + f16(data, offset + 2) * xs;
            }
            return sum;
        }
    }

    /** {@code d: f16, qh: u32, qs: 16 bytes}; x = d·(q5 − 16). */
    record Q5_0() implements Quant {
        public GgmlType type() {
            return GgmlType.Q5_0;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 32; b++, offset += 22) {
                float d = f16(data, offset);
                int qh = data.get(Quant.INT, offset + 2);
                int base = outOff + 32 * b;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 6 + j);
                    out[base + j] = d * (((q & 0xF) | ((qh >>> j) & 1) << 4) - 16);
                    out[base + j + 16] = d * (((q >>> 4) | ((qh >>> (j + 16)) & 1) << 4) - 16);
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 32; b++, offset += 22) {
                int qh = data.get(Quant.INT, offset + 2);
                int base = xOff + 32 * b;
                float s = 0;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 6 + j);
                    s += (((q & 0xF) | ((qh >>> j) & 1) << 4) - 16) * x[base + j]
                            + (((q >>> 4) | ((qh >>> (j + 16)) & 1) << 4) - 16) * x[base + j + 16];
                }
                sum += f16(data, offset) * s;
            }
            return sum;
        }
    }

    /** {@code d: f16, m: f16, qh: u32, qs: 16 bytes}; x = d·q5 + m. */
    record Q5_1() implements Quant {
        public GgmlType type() {
            return GgmlType.Q5_1;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 32; b++, offset += 24) {
                float d = f16(data, offset), m = f16(data, offset + 2);
                int qh = data.get(Quant.INT, offset + 4);
                int base = outOff + 32 * b;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 8 + j);
                    out[base + j] = d * ((q & 0xF) | ((qh >>> j) & 1) << 4) + m;
                    out[base + j + 16] = d * ((q >>> 4) | ((qh >>> (j + 16)) & 1) << 4) + m;
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 32; b++, offset += 24) {
                int qh = data.get(Quant.INT, offset + 4);
                int base = xOff + 32 * b;
                float s = 0, xs = 0;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 8 + j);
                    s += ((q & 0xF) | ((qh >>> j) & 1) << 4) * x[base + j]
                            + ((q >>> 4) | ((qh >>> (j + 16)) & 1) << 4) * x[base + j + 16];
                    xs += x[base + j] + x[base + j + 16];
                }
                sum += f16(data, offset) * s + f16(data, offset + 2) * xs;
            }
            return sum;
        }
    }

    /** {@code d: f16, qs: 16 bytes}; x = d·LEVELS[q]. */
    record IQ4_NL() implements Quant {
        public GgmlType type() {
            return GgmlType.IQ4_NL;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int b = 0; b < n / 32; b++, offset += 18) {
                float d = f16(data, offset);
                int base = outOff + 32 * b;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 2 + j);
                    out[base + j] = d * IQ4_LEVELS[q & 0xF];
                    out[base + j + 16] = d * IQ4_LEVELS[q >>> 4];
                }
            }
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int b = 0; b < n / 32; b++, offset += 18) {
                float s = 0;
                int base = xOff + 32 * b;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, offset + 2 + j);
                    s += IQ4_LEVELS[q & 0xF] * x[base + j] + IQ4_LEVELS[q >>> 4] * x[base + j + 16];
                }
                sum += f16(data, offset) * s;
            }
            return sum;
        }
    }
}
