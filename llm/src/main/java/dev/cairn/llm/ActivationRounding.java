package dev.cairn.llm;

/**
 * Rounds activations the way llama.cpp's CPU backend does before multiplying them with weights of a given
 * type: to half or bfloat16 for F16/BF16 weights, and to 8-bit blocks (32 values with an f16 scale for the
 * 32-element quant types; 256 values with a float scale, "Q8_K", for k-quants and IQ4_XS) for quantized
 * weights. The runtime itself computes in float32 and does not need this; with it, its logits agree with
 * llama.cpp's to float rounding (relative L2 ~1e-6 instead of ~3e-2), which makes the reference tests a
 * sharp check of every kernel. Q4_1 and Q5_1 (whose activation blocks also carry a rounded sum) are only
 * approximated.
 */
final class ActivationRounding {
    private ActivationRounding() {}

    /** Writes to {@code out} what llama.cpp would multiply with weights of {@code quant}'s type instead of {@code x}. */
    static void round(Quant quant, float[] x, float[] out, int n) {
        switch (quant.type()) {
            case F16 -> {
                for (int i = 0; i < n; i++) out[i] = Float.float16ToFloat(Float.floatToFloat16(x[i]));
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    int bits = Float.floatToRawIntBits(x[i]);
                    bits = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000; // round to nearest even
                    out[i] = Float.intBitsToFloat(bits);
                }
            }
            case Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, IQ4_NL -> {
                for (int b = 0; b < n; b += 32) {
                    float amax = 0;
                    for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]));
                    float d = amax / 127f, id = d != 0 ? 1f / d : 0f;
                    float storedD = Float.float16ToFloat(Float.floatToFloat16(d));
                    for (int j = 0; j < 32; j++) out[b + j] = (float) Math.rint(x[b + j] * id) * storedD;
                }
            }
            case Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, IQ4_XS -> {
                for (int b = 0; b < n; b += 256) {
                    float amax = 0, max = 0;
                    for (int j = 0; j < 256; j++) {
                        float ax = Math.abs(x[b + j]);
                        if (ax > amax) {
                            amax = ax;
                            max = x[b + j];
                        }
                    }
                    float iscale = amax != 0 ? -127f / max : 0f, d = amax != 0 ? 1f / iscale : 0f;
                    for (int j = 0; j < 256; j++) out[b + j] = Math.min(127, (float) Math.rint(iscale * x[b + j])) * d;
                }
            }
            default -> System.arraycopy(x, 0, out, 0, n);
        }
    }
}
