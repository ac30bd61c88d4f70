package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class QuantTest {

    private static short half(float f) {
        return Float.floatToFloat16(f);
    }

    private static float[] decode(GgmlType type, ByteBuffer block, int n) {
        float[] out = new float[n];
        Quant.of(type).dequantize(MemorySegment.ofBuffer(block.flip()), 0, out, 0, n);
        return out;
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void q8_0KnownBlock() {
        ByteBuffer b = buffer(34).putShort(half(0.5f));
        for (int j = 0; j < 32; j++) b.put((byte) (j * 8 - 128));
        float[] x = decode(GgmlType.Q8_0, b, 32);
        for (int j = 0; j < 32; j++) assertEquals(0.5f * (j * 8 - 128), x[j]);
    }

    @Test
    void q4_0AndQ4_1KnownBlocks() {
        ByteBuffer b = buffer(18).putShort(half(2f));
        for (int j = 0; j < 16; j++) b.put((byte) (j | (15 - j) << 4));
        float[] x = decode(GgmlType.Q4_0, b, 32);
        for (int j = 0; j < 16; j++) {
            assertEquals(2f * (j - 8), x[j]);
            assertEquals(2f * (15 - j - 8), x[j + 16]);
        }
        ByteBuffer c = buffer(20).putShort(half(0.25f)).putShort(half(-1f));
        for (int j = 0; j < 16; j++) c.put((byte) (j | 3 << 4));
        float[] y = decode(GgmlType.Q4_1, c, 32);
        assertEquals(-1f, y[0]);
        assertEquals(0.25f * 15 - 1, y[15]);
        assertEquals(0.25f * 3 - 1, y[20]);
    }

    @Test
    void q5_0KnownBlockUsesHighBits() {
        ByteBuffer b = buffer(22).putShort(half(1f)).putInt(0x8001_0001); // fifth bit for elements 0, 16 and 31
        for (int j = 0; j < 16; j++) b.put((byte) 0x00);
        float[] x = decode(GgmlType.Q5_0, b, 32);
        assertEquals(0f, x[0]);      // 16 - 16
        assertEquals(-16f, x[1]);
        assertEquals(0f, x[16]);
        assertEquals(0f, x[31]);
        assertEquals(-16f, x[30]);
    }

    @Test
    void iq4NlKnownBlock() {
        ByteBuffer b = buffer(18).putShort(half(0.5f));
        for (int j = 0; j < 16; j++) b.put((byte) (j | (15 - j) << 4));
        float[] x = decode(GgmlType.IQ4_NL, b, 32);
        assertEquals(-63.5f, x[0]);
        assertEquals(56.5f, x[15]);
        assertEquals(56.5f, x[16]);
    }

    @Test
    void q4_KKnownBlock() {
        // d = 1, dmin = 0.5; sub-block 0: scale 2, min 3; sub-block 5: scale 0x3F, min 1 (split across bytes)
        ByteBuffer b = buffer(144).putShort(half(1f)).putShort(half(0.5f));
        byte[] scales = new byte[12];
        scales[0] = 2;
        scales[4] = 3;
        scales[9] = (byte) (0x0F | 1 << 4); // sub-block 5: low nibble of scale, low nibble of min
        scales[1] |= (byte) (3 << 6);       // top bits of scale 5 live in byte 1
        b.put(scales);
        for (int j = 0; j < 128; j++) b.put((byte) 0x97); // low nibble 7, high nibble 9
        float[] x = decode(GgmlType.Q4_K, b, 256);
        assertEquals(2 * 7 - 0.5f * 3, x[0]);
        assertEquals(63 * 9 - 0.5f * 1, x[5 * 32]); // sub-block 5 = high nibbles of bytes 64..95
    }

    @Test
    void q6_KKnownBlock() {
        ByteBuffer b = buffer(210);
        for (int j = 0; j < 128; j++) b.put((byte) 0x21);     // ql: low nibble 1, high nibble 2
        for (int j = 0; j < 64; j++) b.put((byte) 0b11100100); // qh: top bits 0, 1, 2, 3 for k = 0..3
        for (int j = 0; j < 16; j++) b.put((byte) (j - 8));
        b.putShort(half(0.5f));
        float[] x = decode(GgmlType.Q6_K, b, 256);
        assertEquals(0.5f * -8 * (1 - 32), x[0]);               // k=0: ql low 1, qh 0, scale 0 → -8
        assertEquals(0.5f * -6 * ((1 | 1 << 4) - 32), x[32]);   // k=1: scale 2 → -6
        assertEquals(0.5f * -4 * ((2 | 2 << 4) - 32), x[64]);   // k=2: scale 4
        assertEquals(0.5f * -2 * ((2 | 3 << 4) - 32), x[96]);   // k=3: scale 6
        assertEquals(0.5f * -7 * ((1) - 32), x[16]);            // second half of k=0 uses scale 1
    }

    @Test
    void halfAndBfloat16() {
        ByteBuffer h = buffer(4).putShort(half(1.5f)).putShort(half(-0.125f));
        assertArrayEquals(new float[] {1.5f, -0.125f}, decode(GgmlType.F16, h, 2));
        ByteBuffer bf = buffer(4).putShort((short) (Float.floatToIntBits(3.25f) >>> 16)).putShort((short) 0xC000);
        assertArrayEquals(new float[] {3.25f, -2f}, decode(GgmlType.BF16, bf, 2));
    }

    /**
     * The synthetic Llama files hold the same random weights in every type, so each type's decoded weights must
     * sit within its quantization error of the F32 file's (a wrong layout lands near 100%); and the fused dot
     * product must equal decode-then-dot.
     */
    @ParameterizedTest
    @CsvSource({"f16, 0.0003", "bf16, 0.002", "q8_0, 0.006", "q4_0, 0.09", "q4_1, 0.08", "q5_0, 0.045", "q5_1, 0.04",
            "q2_k, 0.31", "q3_k, 0.16", "q4_k, 0.075", "q5_k, 0.038", "q6_k, 0.019", "iq4_nl, 0.08", "iq4_xs, 0.08", "q4_k_m, 0.075"})
    void decodesTheSameWeightsAsF32(String type, double maxRelativeError) {
        try (GgufFile f32 = GgufFile.open(Fixtures.fixture("models/syn-llama-f32.gguf"));
             GgufFile q = GgufFile.open(Fixtures.fixture("models/syn-llama-" + type + ".gguf"))) {
            Random random = new Random(7);
            for (GgufTensorInfo info : q.tensors()) {
                FloatTensor t = FloatTensor.of(info, q.tensorData(info));
                float[] got = t.toFloatArray();
                float[] want = FloatTensor.of(f32.tensor(info.name()), f32.tensorData(info.name())).toFloatArray();
                assertTrue(Numerics.relativeL2(got, want) <= maxRelativeError,
                        info + ": relative error " + Numerics.relativeL2(got, want));

                float[] x = new float[t.cols()];
                for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
                float[] fused = new float[t.rows()], reference = new float[t.rows()], row = new float[t.cols()];
                t.matvec(x, fused);
                for (int r = 0; r < t.rows(); r++) {
                    t.dequantizeRow(r, row);
                    double s = 0;
                    for (int i = 0; i < row.length; i++) s += (double) row[i] * x[i];
                    reference[r] = (float) s;
                }
                assertTrue(Numerics.relativeL2(fused, reference) < 2e-6, info + ": dot " + Numerics.relativeL2(fused, reference));
            }
        }
    }

    @Test
    void unsupportedTypeNamesTensorAndType() {
        var info = new GgufTensorInfo("blk.3.attn_q.weight", GgmlType.IQ2_XXS, new long[] {256, 4}, 0, 4 * 66);
        var e = assertThrows(LlmException.class, () -> FloatTensor.of(info, MemorySegment.ofArray(new byte[4 * 66])));
        assertTrue(e.getMessage().contains("blk.3.attn_q.weight") && e.getMessage().contains("IQ2_XXS"), e.getMessage());
    }
}
