package dev.cairn.llm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class OpsTest {

    @Test
    void rmsnormScalesToUnitRootMeanSquare() {
        float[] x = {3, 4, 0, 0}, out = new float[4];
        Ops.rmsnorm(out, 0, x, 0, new float[] {1, 2, 1, 1}, 4, 0f);
        assertArrayEquals(new float[] {1.2f, 3.2f, 0, 0}, out, 1e-6f); // rms = 2.5
    }

    @Test
    void ropeRotatesAdjacentOrHalfSplitPairs() {
        // one head of 4: pair 0 turns by pos, pair 1 by pos / base^(2/4) = pos / 100
        float[] normal = {1, 0, 1, 0};
        Ops.rope(normal, 1, 4, 4, 1, 10000f, 1f, null, false);
        assertArrayEquals(new float[] {(float) Math.cos(1), (float) Math.sin(1), (float) Math.cos(0.01), (float) Math.sin(0.01)}, normal, 1e-6f);
        float[] neox = {1, 1, 0, 0}; // pairs (0, 2) and (1, 3)
        Ops.rope(neox, 1, 4, 4, 1, 10000f, 1f, null, true);
        assertArrayEquals(new float[] {(float) Math.cos(1), (float) Math.cos(0.01), (float) Math.sin(1), (float) Math.sin(0.01)}, neox, 1e-6f);
        // frequency factors divide the angle; linear scaling multiplies it; dimensions past ropeDim stay
        float[] scaled = {1, 0, 5, 6};
        Ops.rope(scaled, 1, 4, 2, 3, 10000f, 0.5f, new float[] {1.5f}, false);
        assertArrayEquals(new float[] {(float) Math.cos(1), (float) Math.sin(1), 5, 6}, scaled, 1e-6f);
        float[] origin = {0.3f, -0.7f};
        Ops.rope(origin, 1, 2, 2, 0, 10000f, 1f, null, false);
        assertArrayEquals(new float[] {0.3f, -0.7f}, origin);
    }

    @Test
    void softmaxOfARange() {
        float[] x = {9, 1, 2, 3, 9};
        Ops.softmax(x, 1, 3);
        float e = (float) Math.E, sum = 1 + e + e * e;
        assertArrayEquals(new float[] {9, 1 / sum, e / sum, e * e / sum, 9}, x, 1e-6f);
    }

    @Test
    void geluFollowsGgmlsHalfPrecisionTable() {
        for (float x = -12f; x < 12f; x += 0.013f) {
            double exact = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            assertEquals(exact, Ops.gelu(x), 2e-3 * Math.max(1, Math.abs(exact)), "x = " + x);
            // the result is a half-precision value (except where the input passes through)
            if (Math.abs(x) < 10) assertEquals(Ops.gelu(x), Float.float16ToFloat(Float.floatToFloat16(Ops.gelu(x))));
        }
        assertEquals(0f, Ops.gelu(-10f));
        assertEquals(11f, Ops.gelu(11f));
        assertEquals(0.5f / (1 + (float) Math.exp(-0.5f)), Ops.silu(0.5f), 1e-7f);
    }
}
