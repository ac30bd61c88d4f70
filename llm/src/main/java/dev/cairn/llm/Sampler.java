package dev.cairn.llm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits, as llama.cpp's common sampler chain does: keep the {@code topK} most likely
 * tokens, then the smallest set whose probability reaches {@code topP}, then those at least {@code minP} times
 * as likely as the best; divide the logits by {@code temperature} and draw from their softmax. A temperature
 * of 0 (or {@code topK} 1) picks the most likely token. Seeded, so a session replays exactly. Holds scratch
 * buffers: one sampler per session.
 */
public final class Sampler {

    /**
     * @param temperature 0 for greedy; llama.cpp's default is 0.8
     * @param topK        0 to keep all tokens; default 40
     * @param topP        1 to keep all; default 0.95
     * @param minP        0 to keep all; default 0.05
     * @param seed        the random seed
     */
    public record Settings(float temperature, int topK, float topP, float minP, long seed) {
        public Settings {
            if (!(temperature >= 0) || topK < 0 || !(topP > 0 && topP <= 1) || !(minP >= 0 && minP <= 1)) {
                throw new LlmException("sampling settings out of range: temperature " + temperature + " (>= 0), top-k " + topK
                        + " (>= 0), top-p " + topP + " (0, 1], min-p " + minP + " [0, 1]");
            }
        }

        /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05. */
        public static Settings defaults(long seed) {
            return new Settings(0.8f, 40, 0.95f, 0.05f, seed);
        }

        public static Settings greedy() {
            return new Settings(0f, 1, 1f, 0f, 0);
        }
    }

    private final Settings settings;
    private final SplittableRandom random;
    private long[] keys = new long[0];
    private int[] order = new int[0];
    private float[] probs = new float[0];

    public Sampler(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
    }

    /** The token to emit after {@code logits}. */
    public int sample(float[] logits) {
        if (settings.temperature() == 0 || settings.topK() == 1) return Ops.argmax(logits);
        int n = candidates(logits);
        // probabilities of the kept candidates at temperature 1, for top-p and min-p
        float max = logits[order[0]];
        double sum = 0;
        for (int i = 0; i < n; i++) sum += probs[i] = (float) Math.exp(logits[order[i]] - max);
        double cumulative = 0;
        int kept = 0;
        while (kept < n) {
            if (probs[kept] < settings.minP() * probs[0]) break;
            cumulative += probs[kept++] / sum;
            if (cumulative >= settings.topP()) break;
        }
        // draw from the softmax of the kept logits at the temperature
        double total = 0;
        for (int i = 0; i < kept; i++) total += probs[i] = (float) Math.exp((logits[order[i]] - max) / settings.temperature());
        double r = random.nextDouble() * total;
        for (int i = 0; i < kept; i++) {
            r -= probs[i];
            if (r < 0) return order[i];
        }
        return order[kept - 1];
    }

    /** Puts the {@code topK} (or all) most likely token ids in {@code order}, best first; returns how many. */
    private int candidates(float[] logits) {
        int v = logits.length, k = settings.topK() == 0 ? v : Math.min(settings.topK(), v);
        if (keys.length < v) {
            keys = new long[v];
            order = new int[v];
            probs = new float[v];
        }
        // keys order like their logits, then ids: a min-heap of the k best keys, then sorted
        int size = 0;
        for (int id = 0; id < v; id++) {
            long key = key(logits[id], id);
            if (size < k) {
                keys[size] = key;
                siftUp(size++);
            } else if (key > keys[0]) {
                keys[0] = key;
                siftDown(k);
            }
        }
        Arrays.sort(keys, 0, k);
        for (int i = 0; i < k; i++) order[i] = (int) keys[k - 1 - i];
        return k;
    }

    /** A long that orders as the float does, then by id. */
    private static long key(float logit, int id) {
        int bits = Float.floatToIntBits(logit);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return (long) bits << 32 | id;
    }

    private void siftUp(int i) {
        while (i > 0 && keys[(i - 1) / 2] > keys[i]) {
            swap(i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    }

    private void siftDown(int size) {
        int i = 0;
        while (true) {
            int smallest = i, l = 2 * i + 1, r = l + 1;
            if (l < size && keys[l] < keys[smallest]) smallest = l;
            if (r < size && keys[r] < keys[smallest]) smallest = r;
            if (smallest == i) return;
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        long t = keys[a];
        keys[a] = keys[b];
        keys[b] = t;
    }
}
