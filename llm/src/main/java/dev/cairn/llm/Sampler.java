package dev.cairn.llm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits, as llama.cpp's common sampler chain does: first the penalties on tokens seen
 * in the last {@code penaltyLastN} tokens ({@link #accept accepted} ones: the prompt, then what was generated),
 * then keep the {@code topK} most likely tokens, then the smallest set whose probability reaches {@code topP},
 * then those at least {@code minP} times as likely as the best; divide the logits by {@code temperature} and draw
 * from their softmax. A temperature of 0 (or {@code topK} 1) picks the most likely token (after the penalties).
 * Seeded, so a session replays exactly. Holds scratch buffers: one sampler per sequence.
 */
public final class Sampler {

    /**
     * @param temperature      0 for greedy; llama.cpp's default is 0.8
     * @param topK             0 to keep all tokens; default 40
     * @param topP             1 to keep all; default 0.95
     * @param minP             0 to keep all; default 0.05
     * @param repeatPenalty    1 for none (default); a seen token's logit is divided by it when positive, multiplied
     *                         when not (llama.cpp's {@code --repeat-penalty})
     * @param presencePenalty  subtracted once from a seen token's logit; 0 for none (default)
     * @param frequencyPenalty subtracted from a token's logit per time it was seen; 0 for none (default)
     * @param penaltyLastN     how many of the latest tokens the penalties look at; 0 disables them; default 64
     * @param seed             the random seed
     */
    public record Settings(float temperature, int topK, float topP, float minP, float repeatPenalty,
                           float presencePenalty, float frequencyPenalty, int penaltyLastN, long seed) {
        public Settings {
            if (!(temperature >= 0) || topK < 0 || !(topP > 0 && topP <= 1) || !(minP >= 0 && minP <= 1)) {
                throw new LlmException("sampling settings out of range: temperature " + temperature + " (>= 0), top-k " + topK
                        + " (>= 0), top-p " + topP + " (0, 1], min-p " + minP + " [0, 1]");
            }
            if (!(repeatPenalty > 0) || !Float.isFinite(presencePenalty) || !Float.isFinite(frequencyPenalty) || penaltyLastN < 0) {
                throw new LlmException("penalty settings out of range: repeat penalty " + repeatPenalty + " (> 0), presence "
                        + presencePenalty + ", frequency " + frequencyPenalty + " (finite), last-n " + penaltyLastN + " (>= 0)");
            }
        }

        /** Without penalties. */
        public Settings(float temperature, int topK, float topP, float minP, long seed) {
            this(temperature, topK, topP, minP, 1f, 0f, 0f, 64, seed);
        }

        /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties. */
        public static Settings defaults(long seed) {
            return new Settings(0.8f, 40, 0.95f, 0.05f, seed);
        }

        public static Settings greedy() {
            return new Settings(0f, 1, 1f, 0f, 0);
        }

        /** These settings with the given penalties over the last {@code lastN} tokens. */
        public Settings withPenalties(float repeat, float presence, float frequency, int lastN) {
            return new Settings(temperature, topK, topP, minP, repeat, presence, frequency, lastN, seed);
        }

        public Settings withSeed(long seed) {
            return new Settings(temperature, topK, topP, minP, repeatPenalty, presencePenalty, frequencyPenalty, penaltyLastN, seed);
        }

        boolean penalizes() {
            return penaltyLastN > 0 && (repeatPenalty != 1 || presencePenalty != 0 || frequencyPenalty != 0);
        }
    }

    private final Settings settings;
    private final SplittableRandom random;
    private long[] keys = new long[0];
    private int[] order = new int[0];
    private float[] probs = new float[0];
    // the last penaltyLastN accepted tokens (a ring), and per-token counts while penalizing
    private final int[] recent;
    private int recentCount, recentNext;
    private float[] penalized = new float[0];
    private int[] counts = new int[0];

    public Sampler(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.recent = new int[settings.penalizes() ? settings.penaltyLastN() : 0];
    }

    /** Records that {@code token} is in the sequence (prompt or generated), for the penalties. */
    public void accept(int token) {
        if (recent.length == 0) return;
        recent[recentNext] = token;
        recentNext = (recentNext + 1) % recent.length;
        recentCount = Math.min(recentCount + 1, recent.length);
    }

    /** The token to emit after {@code logits} (not modified). */
    public int sample(float[] logits) {
        if (recentCount > 0) logits = penalize(logits);
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

    /** A copy of {@code logits} with the repetition, presence and frequency penalties applied, as llama.cpp does. */
    private float[] penalize(float[] logits) {
        if (penalized.length != logits.length) {
            penalized = new float[logits.length];
            counts = new int[logits.length];
        }
        System.arraycopy(logits, 0, penalized, 0, logits.length);
        for (int i = 0; i < recentCount; i++) {
            int t = recent[i];
            if (t >= 0 && t < counts.length) counts[t]++;
        }
        for (int i = 0; i < recentCount; i++) {
            int t = recent[i];
            if (t < 0 || t >= counts.length || counts[t] == 0) continue; // out of range, or done
            float l = penalized[t];
            l = l <= 0 ? l * settings.repeatPenalty() : l / settings.repeatPenalty();
            penalized[t] = l - counts[t] * settings.frequencyPenalty() - settings.presencePenalty();
            counts[t] = 0;
        }
        return penalized;
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
