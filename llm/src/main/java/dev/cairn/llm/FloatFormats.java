package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;

import java.lang.foreign.MemorySegment;

import static dev.cairn.llm.Quant.FLOAT;
import static dev.cairn.llm.Quant.SHORT;

/** Unquantized types: float32, IEEE half, bfloat16 (the top 16 bits of a float32). */
final class FloatFormats {
    private FloatFormats() {}

    record F32() implements Quant {
        public GgmlType type() {
            return GgmlType.F32;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            MemorySegment.copy(data, FLOAT, offset, out, outOff, n);
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int i = 0; i < n; i++) sum += data.get(FLOAT, offset + 4L * i) * x[xOff + i];
            return sum;
        }
    }

    record F16() implements Quant {
        public GgmlType type() {
            return GgmlType.F16;
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) out[outOff + i] = Quant.f16(data, offset + 2L * i);
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int i = 0; i < n; i++) sum += Quant.f16(data, offset + 2L * i) * x[xOff + i];
            return sum;
        }
    }

    record BF16() implements Quant {
        public GgmlType type() {
            return GgmlType.BF16;
        }

        static float bf16(MemorySegment data, long offset) {
            return Float.intBitsToFloat((data.get(SHORT, offset) & 0xFFFF) << 16);
        }

        public void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) out[outOff + i] = bf16(data, offset + 2L * i);
        }

        public float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
            float sum = 0;
            for (int i = 0; i < n; i++) sum += bf16(data, offset + 2L * i) * x[xOff + i];
            return sum;
        }
    }
}
