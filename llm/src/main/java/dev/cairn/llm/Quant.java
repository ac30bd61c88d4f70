package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * How one GGUF tensor type stores numbers, and the two things the runtime does with them: decode a run of
 * blocks to floats, and take the dot product of a run of blocks with float activations. Both work on
 * {@code n} elements (a multiple of the block size) starting at byte {@code offset} of the mapped data.
 *
 * <p>These are the scalar reference kernels; a vectorized kernel for a type must agree with them.
 */
sealed interface Quant permits FloatFormats.F32, FloatFormats.F16, FloatFormats.BF16,
        BlockQuants.Q8_0, BlockQuants.Q4_0, BlockQuants.Q4_1, BlockQuants.Q5_0, BlockQuants.Q5_1, BlockQuants.IQ4_NL,
        KQuants.Q2_K, KQuants.Q3_K, KQuants.Q4_K, KQuants.Q5_K, KQuants.Q6_K, KQuants.IQ4_XS {

    GgmlType type();

    /** Writes the {@code n} decoded elements to {@code out[outOff ..]}. */
    void dequantize(MemorySegment data, long offset, float[] out, int outOff, int n);

    /** The dot product of the {@code n} elements with {@code x[xOff ..]}. */
    float dot(MemorySegment data, long offset, float[] x, int xOff, int n);

    /** The kernel for {@code type}, or null when the runtime cannot compute with it. */
    static Quant of(GgmlType type) {
        return switch (type) {
            case F32 -> new FloatFormats.F32();
            case F16 -> new FloatFormats.F16();
            case BF16 -> new FloatFormats.BF16();
            case Q8_0 -> new BlockQuants.Q8_0();
            case Q4_0 -> new BlockQuants.Q4_0();
            case Q4_1 -> new BlockQuants.Q4_1();
            case Q5_0 -> new BlockQuants.Q5_0();
            case Q5_1 -> new BlockQuants.Q5_1();
            case IQ4_NL -> new BlockQuants.IQ4_NL();
            case Q2_K -> new KQuants.Q2_K();
            case Q3_K -> new KQuants.Q3_K();
            case Q4_K -> new KQuants.Q4_K();
            case Q5_K -> new KQuants.Q5_K();
            case Q6_K -> new KQuants.Q6_K();
            case IQ4_XS -> new KQuants.IQ4_XS();
            default -> null;
        };
    }

    ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The IEEE half at {@code offset}. */
    static float f16(MemorySegment data, long offset) {
        return Float.float16ToFloat(data.get(SHORT, offset));
    }

    /** The unsigned byte at {@code offset}. */
    static int u8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    /** The signed byte at {@code offset}. */
    static int i8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset);
    }
}
