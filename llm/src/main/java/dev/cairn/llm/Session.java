package dev.cairn.llm;

import java.util.Arrays;

/**
 * One sequence being computed: a KV cache and the activations of the forward pass. Feed it tokens one at a
 * time with {@link #next(int)}; each call returns the logits for the token that follows. Not thread-safe;
 * open one session per conversation.
 */
public final class Session {
    private final Config c;
    private final Weights w;
    private final int capacity;
    private final boolean roundLikeLlamaCpp;
    private int position;

    // activations, allocated once
    private final float[] x, xb, xb2, q, k, v, scores, attnOut, hb, hb2, logits;
    private final float[] routerProbs, expertOut, rounded;
    private final int[] chosen;
    // KV cache: per layer, position-major
    private final float[][] keyCache, valueCache;

    Session(Config c, Weights w, int capacity, boolean roundLikeLlamaCpp) {
        this.c = c;
        this.w = w;
        this.capacity = capacity;
        this.roundLikeLlamaCpp = roundLikeLlamaCpp;
        int ffn = Math.max(c.ffnDim(), c.expertFfnDim());
        x = new float[c.dim()];
        xb = new float[c.dim()];
        xb2 = new float[c.dim()];
        q = new float[c.heads() * c.headDim()];
        k = new float[c.kvDim()];
        v = new float[c.kvHeads() * c.valueDim()];
        scores = new float[capacity];
        attnOut = new float[c.heads() * c.valueDim()];
        hb = new float[ffn];
        hb2 = new float[ffn];
        logits = new float[w.output().rows()];
        routerProbs = new float[c.experts()];
        expertOut = new float[c.dim()];
        chosen = new int[c.expertsUsed()];
        rounded = roundLikeLlamaCpp ? new float[Math.max(ffn, Math.max(c.dim(), attnOut.length))] : null;
        keyCache = new float[c.layers()][capacity * c.kvDim()];
        valueCache = new float[c.layers()][capacity * c.kvHeads() * c.valueDim()];
    }

    /** How many tokens this session has consumed. */
    public int position() {
        return position;
    }

    /** The most tokens this session can hold. */
    public int capacity() {
        return capacity;
    }

    /**
     * Consumes {@code token} at the next position and returns the logits over the vocabulary for the token after
     * it. The returned array is reused by the next call; copy it to keep it.
     */
    public float[] next(int token) {
        if (position >= capacity) throw new LlmException("the session is full: it holds " + capacity + " tokens");
        if (token < 0 || token >= w.tokenEmbedding().rows()) {
            throw new LlmException("token id " + token + " is outside the vocabulary of " + w.tokenEmbedding().rows());
        }
        forward(token, position);
        position++;
        return logits;
    }

    /** Feeds {@code prompt} and returns the logits after its last token (reused by the next call). */
    public float[] prompt(int... prompt) {
        float[] last = null;
        for (int token : prompt) last = next(token);
        return last;
    }

    /**
     * Feeds {@code prompt}, then picks the most likely token up to {@code maxTokens} times, stopping after
     * {@code eos}; returns the picked tokens.
     */
    public int[] greedy(int[] prompt, int maxTokens, int eos) {
        int[] out = new int[maxTokens];
        int n = 0;
        float[] l = prompt(prompt);
        while (n < maxTokens) {
            int t = Ops.argmax(l);
            out[n++] = t;
            if (t == eos || n == maxTokens || position >= capacity) break;
            l = next(t);
        }
        return Arrays.copyOf(out, n);
    }

    private void forward(int token, int pos) {
        w.tokenEmbedding().dequantizeRow(token, x);
        if (c.embeddingScale() != 1f) for (int i = 0; i < c.dim(); i++) x[i] *= c.embeddingScale();

        for (int l = 0; l < c.layers(); l++) {
            Weights.Layer layer = w.layers()[l];

            // attention
            Ops.rmsnorm(xb, 0, x, 0, layer.attnNorm(), c.dim(), c.rmsEps());
            project(layer.wq(), layer.qBias(), xb, q);
            project(layer.wk(), layer.kBias(), xb, k);
            project(layer.wv(), layer.vBias(), xb, v);
            if (layer.qNorm() != null) Ops.rmsnormHeads(q, c.heads(), c.headDim(), layer.qNorm(), c.rmsEps());
            if (layer.kNorm() != null) Ops.rmsnormHeads(k, c.kvHeads(), c.headDim(), layer.kNorm(), c.rmsEps());
            float base = c.isSlidingWindowLayer(l) ? c.ropeBaseLocal() : c.ropeBase();
            Ops.rope(q, c.heads(), c.headDim(), c.ropeDim(), pos, base, c.ropeScale(), w.ropeFreqFactors(), c.architecture().neoxRope);
            Ops.rope(k, c.kvHeads(), c.headDim(), c.ropeDim(), pos, base, c.ropeScale(), w.ropeFreqFactors(), c.architecture().neoxRope);
            System.arraycopy(k, 0, keyCache[l], pos * k.length, k.length);
            System.arraycopy(v, 0, valueCache[l], pos * v.length, v.length);
            int first = c.isSlidingWindowLayer(l) ? Math.max(0, pos - c.slidingWindow() + 1) : 0;
            attention(l, first, pos);
            matvec(layer.wo(), attnOut, xb2, 0, c.dim());
            if (layer.postAttnNorm() != null) Ops.rmsnorm(xb2, 0, xb2, 0, layer.postAttnNorm(), c.dim(), c.rmsEps());
            Ops.add(x, xb2, c.dim());

            // feed-forward
            Ops.rmsnorm(xb, 0, x, 0, layer.ffnNorm(), c.dim(), c.rmsEps());
            if (layer.router() != null) {
                mixtureOfExperts(layer, xb, xb2);
            } else {
                feedForward(layer, xb, xb2);
            }
            if (layer.postFfnNorm() != null) Ops.rmsnorm(xb2, 0, xb2, 0, layer.postFfnNorm(), c.dim(), c.rmsEps());
            Ops.add(x, xb2, c.dim());
        }

        Ops.rmsnorm(x, 0, x, 0, w.outputNorm(), c.dim(), c.rmsEps());
        matvec(w.output(), x, logits, 0, logits.length);
    }

    /** {@code out[i] = weight.row(first + i) · in}, the activations rounded as llama.cpp's when asked. */
    private void matvec(FloatTensor weight, float[] in, float[] out, int first, int count) {
        if (roundLikeLlamaCpp) {
            ActivationRounding.round(weight.quant(), in, rounded, weight.cols());
            in = rounded;
        }
        weight.matvec(in, out, first, count);
    }

    private void project(FloatTensor weight, float[] bias, float[] in, float[] out) {
        matvec(weight, in, out, 0, out.length);
        if (bias != null) Ops.add(out, bias, out.length);
    }

    /** Each query head attends over positions {@code first..pos} of its KV head (grouped-query attention). */
    private void attention(int layer, int first, int pos) {
        int groupSize = c.heads() / c.kvHeads();
        int hd = c.headDim(), vd = c.valueDim();
        float[] keys = keyCache[layer], values = valueCache[layer];
        for (int h = 0; h < c.heads(); h++) {
            int kvHead = h / groupSize;
            for (int t = first; t <= pos; t++) {
                int ko = t * c.kvDim() + kvHead * hd;
                float s = 0;
                for (int i = 0; i < hd; i++) s += q[h * hd + i] * keys[ko + i];
                scores[t] = s * c.attentionScale();
            }
            Ops.softmax(scores, first, pos - first + 1);
            int out = h * vd;
            Arrays.fill(attnOut, out, out + vd, 0f);
            for (int t = first; t <= pos; t++) {
                int vo = t * c.kvHeads() * vd + kvHead * vd;
                float a = scores[t];
                for (int i = 0; i < vd; i++) attnOut[out + i] += a * values[vo + i];
            }
        }
    }

    /** {@code out = down(act(gate·x) ⊙ up·x)}: SwiGLU, or GeGLU for Gemma. */
    private void feedForward(Weights.Layer layer, float[] in, float[] out) {
        int n = layer.gate().rows();
        matvec(layer.gate(), in, hb, 0, n);
        matvec(layer.up(), in, hb2, 0, n);
        gatedActivation(n);
        matvec(layer.down(), hb, out, 0, c.dim());
    }

    private void gatedActivation(int n) {
        boolean gelu = c.architecture() == Architecture.GEMMA3;
        for (int i = 0; i < n; i++) hb[i] = (gelu ? Ops.gelu(hb[i]) : Ops.silu(hb[i])) * hb2[i];
    }

    /**
     * Qwen3-MoE: the router's softmax picks the {@code expertsUsed} most probable experts; their SwiGLU outputs
     * are summed, weighted by their probabilities renormalized to sum to one.
     */
    private void mixtureOfExperts(Weights.Layer layer, float[] in, float[] out) {
        matvec(layer.router(), in, routerProbs, 0, routerProbs.length);
        Ops.softmax(routerProbs, 0, routerProbs.length);
        float total = 0;
        for (int i = 0; i < chosen.length; i++) {
            int best = -1;
            for (int e = 0; e < routerProbs.length; e++) {
                if (!isChosen(e, i) && (best < 0 || routerProbs[e] > routerProbs[best])) best = e;
            }
            chosen[i] = best;
            total += routerProbs[best];
        }
        Arrays.fill(out, 0f);
        int f = c.expertFfnDim(), d = c.dim();
        for (int e : chosen) {
            matvec(layer.gateExperts(), in, hb, e * f, f);
            matvec(layer.upExperts(), in, hb2, e * f, f);
            gatedActivation(f);
            matvec(layer.downExperts(), hb, expertOut, e * d, d);
            float weight = routerProbs[e] / total;
            for (int i = 0; i < d; i++) out[i] += weight * expertOut[i];
        }
    }

    private boolean isChosen(int expert, int count) {
        for (int i = 0; i < count; i++) if (chosen[i] == expert) return true;
        return false;
    }
}
