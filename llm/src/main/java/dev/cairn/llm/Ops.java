package dev.cairn.llm;

/**
 * The element-wise and per-vector operations of a forward pass, each computed the way ggml's CPU backend
 * computes it (sums of squares in double, RoPE angles built up by repeated multiplication, GELU through a
 * half-precision table) so that float32 results agree with llama.cpp's closely.
 */
final class Ops {
    private Ops() {}

    /** {@code out = x / rms(x) * weight} over {@code n} elements at the given offsets. */
    static void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += (double) x[xOff + i] * x[xOff + i];
        float scale = (float) (1.0 / Math.sqrt((float) (sum / n) + eps));
        for (int i = 0; i < n; i++) out[outOff + i] = x[xOff + i] * scale * weight[i];
    }

    /** Applies {@link #rmsnorm} to each of {@code count} heads of {@code size} elements, in place. */
    static void rmsnormHeads(float[] x, int count, int size, float[] weight, float eps) {
        for (int h = 0; h < count; h++) rmsnorm(x, h * size, x, h * size, weight, size, eps);
    }

    /**
     * Rotary position embedding of {@code count} heads of {@code headSize} elements at position {@code pos}: pair
     * {@code i < ropeDim/2} turns by {@code pos · scale · base^(-2i/ropeDim) / factor[i]}. Normal style pairs
     * elements (2i, 2i+1); NEOX style pairs (i, i + ropeDim/2). Elements past {@code ropeDim} are left alone.
     */
    static void rope(float[] x, int count, int headSize, int ropeDim, int pos, float base, float scale,
                     float[] freqFactors, boolean neox) {
        float thetaScale = (float) Math.pow(base, -2.0 / ropeDim);
        int half = ropeDim / 2;
        for (int h = 0; h < count; h++) {
            int off = h * headSize;
            float theta = pos;
            for (int i = 0; i < half; i++, theta *= thetaScale) {
                float angle = scale * (freqFactors == null ? theta : theta / freqFactors[i]);
                float cos = (float) Math.cos(angle), sin = (float) Math.sin(angle);
                int a = neox ? off + i : off + 2 * i;
                int b = neox ? off + i + half : off + 2 * i + 1;
                float x0 = x[a], x1 = x[b];
                x[a] = x0 * cos - x1 * sin;
                x[b] = x0 * sin + x1 * cos;
            }
        }
    }

    /** In-place softmax of {@code x[off .. off + n)}. */
    static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[off + i]);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            x[off + i] = (float) Math.exp(x[off + i] - max);
            sum += x[off + i];
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) x[off + i] *= inv;
    }

    static float silu(float x) {
        return x / (1.0f + (float) Math.exp(-x));
    }

    /**
     * GELU, tanh approximation, as ggml's CPU backend computes it: through a table indexed by the input rounded
     * to half precision, holding half-precision results (inputs beyond ±10 pass through or vanish).
     */
    static float gelu(float x) {
        if (x <= -10f) return 0f;
        if (x >= 10f) return x;
        float h = Float.float16ToFloat(Float.floatToFloat16(x));
        float g = 0.5f * h * (1.0f + (float) Math.tanh(0.7978845608028654f * h * (1.0f + 0.044715f * h * h)));
        return Float.float16ToFloat(Float.floatToFloat16(g));
    }

    /** The dot product of the first {@code n} elements of {@code a} and {@code b}. */
    static float dot(float[] a, float[] b, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    /** {@code y += x}. */
    static void add(float[] y, float[] x, int n) {
        for (int i = 0; i < n; i++) y[i] += x[i];
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
