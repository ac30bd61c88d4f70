package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Each vector kernel equals its scalar reference, row by row, on real tensors of its type. */
class VectorKernelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "iq4_nl", "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "iq4_xs"})
    void vectorDotEqualsScalarDot(String type) {
        assumeTrue(VectorKernels.ENABLED, "no 8- or 16-lane float vectors on this machine");
        try (GgufFile gguf = GgufFile.open(Fixtures.fixture("models/syn-llama-" + type + ".gguf"))) {
            Random random = new Random(11);
            int checked = 0;
            for (GgufTensorInfo info : gguf.tensors()) {
                FloatTensor t = FloatTensor.of(info, gguf.tensorData(info));
                Quant quant = t.quant();
                if (!VectorKernels.supports(quant)) continue;
                long rowBytes = quant.type().byteSize(t.cols());
                float[] x = new float[t.cols() + 3];
                for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
                for (int r = 0; r < t.rows(); r++) {
                    int xOff = r % 4; // unaligned activation offsets too
                    float scalar = quant.dot(gguf.tensorData(info), r * rowBytes, x, xOff, t.cols());
                    float vector = VectorKernels.dot(quant, gguf.tensorData(info), r * rowBytes, x, xOff, t.cols());
                    assertEquals(scalar, vector, 2e-5f * (1 + Math.abs(scalar)), info.name() + " row " + r);
                }
                checked++;
            }
            assertTrue(checked > 0, "no " + type + " tensor checked");
        }
    }

    /** Every one of the 65536 halves, subnormals, infinities and NaNs included, converts as Float.float16ToFloat does. */
    @org.junit.jupiter.api.Test
    void halfConversionIsExact() {
        assumeTrue(VectorKernels.ENABLED, "no 8- or 16-lane float vectors on this machine");
        byte[] halves = new byte[2 * 16];
        java.lang.foreign.MemorySegment data = java.lang.foreign.MemorySegment.ofArray(halves);
        float[] x = new float[16];
        x[3] = 1f;
        for (int h = 0; h < 65536; h++) {
            halves[6] = (byte) h;
            halves[7] = (byte) (h >>> 8);
            float got = VectorKernels.f16s(data, 0, x, 0, 16), want = Float.float16ToFloat((short) h);
            if (Float.isNaN(want)) assertTrue(Float.isNaN(got), "half " + Integer.toHexString(h));
            else assertEquals(want + 0f, got, "half " + Integer.toHexString(h)); // + 0: the dot adds zeros
        }
    }
}
