package dev.cairn.llm;

import java.util.Arrays;

/**
 * One sequence being computed: a KV cache and the activations of the forward pass. Feed it a prompt with
 * {@link #prompt(int...)} (computed {@value #BATCH} tokens at a time, each weight row read from memory once for all of
 * them) and then tokens one at a time with {@link #next(int)}; both return the logits for the token that
 * follows. Not thread-safe; open one session per conversation.
 */
public final class Session {
    /** Prompt tokens computed together. */
    static final int BATCH = 32;

    private final Config c;
    private final Weights w;
    private final int capacity;
    private final boolean roundLikeLlamaCpp;
    private int position;

    // activations of up to BATCH tokens, [token][element], allocated once
    private final float[][] x, xb, xb2, q, k, v, attnOut, hb, hb2;
    private final float[] scores, logits, routerProbs, expertOut, rounded;
    private final int[] chosen, single = new int[1];
    // KV cache: per layer, position-major
    private final float[][] keyCache, valueCache;

    Session(Config c, Weights w, int capacity, boolean roundLikeLlamaCpp) {
        this.c = c;
        this.w = w;
        this.capacity = capacity;
        this.roundLikeLlamaCpp = roundLikeLlamaCpp;
        int ffn = Math.max(c.ffnDim(), c.expertFfnDim());
        int batch = Math.min(BATCH, capacity);
        x = new float[batch][c.dim()];
        xb = new float[batch][c.dim()];
        xb2 = new float[batch][c.dim()];
        q = new float[batch][c.heads() * c.headDim()];
        k = new float[batch][c.kvDim()];
        v = new float[batch][c.kvHeads() * c.valueDim()];
        attnOut = new float[batch][c.heads() * c.valueDim()];
        hb = new float[batch][ffn];
        hb2 = new float[batch][ffn];
        rounded = roundLikeLlamaCpp ? new float[Math.max(ffn, Math.max(c.dim(), c.heads() * c.valueDim()))] : null;
        scores = new float[capacity];
        logits = new float[w.output().rows()];
        routerProbs = new float[c.experts()];
        expertOut = new float[c.dim()];
        chosen = new int[c.expertsUsed()];
        keyCache = new float[c.layers()][capacity * c.kvDim()];
        valueCache = new float[c.layers()][capacity * c.kvHeads() * c.valueDim()];
    }

    /** An independent copy of this session: the same tokens consumed, its own KV cache (best-of-n after one prefill). */
    Session copy() {
        Session s = new Session(c, w, capacity, roundLikeLlamaCpp);
        for (int l = 0; l < c.layers(); l++) {
            System.arraycopy(keyCache[l], 0, s.keyCache[l], 0, position * c.kvDim());
            System.arraycopy(valueCache[l], 0, s.valueCache[l], 0, position * c.kvHeads() * c.valueDim());
        }
        s.position = position;
        return s;
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
        single[0] = token;
        return prompt(single);
    }

    /** Consumes {@code tokens} and returns the logits after the last of them (reused by the next call). */
    public float[] prompt(int... tokens) {
        if (tokens.length == 0) throw new LlmException("an empty prompt has no next token");
        if (position + tokens.length > capacity) {
            throw new LlmException("the session is full: " + tokens.length + " more tokens after " + position
                    + " exceed its capacity of " + capacity);
        }
        for (int token : tokens) {
            if (token < 0 || token >= w.tokenEmbedding().rows()) {
                throw new LlmException("token id " + token + " is outside the vocabulary of " + w.tokenEmbedding().rows());
            }
        }
        for (int from = 0; from < tokens.length; from += x.length) {
            int n = Math.min(x.length, tokens.length - from);
            forward(tokens, from, n);
        }
        // logits only for the last token: normalize its hidden state, project to the vocabulary
        float[] last = x[(tokens.length - 1) % x.length];
        Ops.rmsnorm(last, 0, last, 0, w.outputNorm(), c.dim(), c.rmsEps());
        matmul(w.output(), x, logits, (tokens.length - 1) % x.length);
        return logits;
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

    /** Runs tokens {@code [from, from + n)} through every layer, leaving their hidden states in {@code x[0 .. n)}. */
    private void forward(int[] tokens, int from, int n) {
        int pos = position;
        for (int b = 0; b < n; b++) {
            w.tokenEmbedding().dequantizeRow(tokens[from + b], x[b]);
            if (c.embeddingScale() != 1f) for (int i = 0; i < c.dim(); i++) x[b][i] *= c.embeddingScale();
        }

        for (int l = 0; l < c.layers(); l++) {
            Weights.Layer layer = w.layers()[l];
            boolean sliding = c.isSlidingWindowLayer(l);
            float ropeBase = sliding ? c.ropeBaseLocal() : c.ropeBase();

            // attention
            for (int b = 0; b < n; b++) Ops.rmsnorm(xb[b], 0, x[b], 0, layer.attnNorm(), c.dim(), c.rmsEps());
            matmul(layer.wq(), layer.qBias(), xb, q, n);
            matmul(layer.wk(), layer.kBias(), xb, k, n);
            matmul(layer.wv(), layer.vBias(), xb, v, n);
            for (int b = 0; b < n; b++) {
                if (layer.qNorm() != null) Ops.rmsnormHeads(q[b], c.heads(), c.headDim(), layer.qNorm(), c.rmsEps());
                if (layer.kNorm() != null) Ops.rmsnormHeads(k[b], c.kvHeads(), c.headDim(), layer.kNorm(), c.rmsEps());
                Ops.rope(q[b], c.heads(), c.headDim(), c.ropeDim(), pos + b, ropeBase, c.ropeScale(), w.ropeFreqFactors(), c.architecture().neoxRope);
                Ops.rope(k[b], c.kvHeads(), c.headDim(), c.ropeDim(), pos + b, ropeBase, c.ropeScale(), w.ropeFreqFactors(), c.architecture().neoxRope);
                System.arraycopy(k[b], 0, keyCache[l], (pos + b) * k[b].length, k[b].length);
                System.arraycopy(v[b], 0, valueCache[l], (pos + b) * v[b].length, v[b].length);
            }
            for (int b = 0; b < n; b++) {
                int first = sliding ? Math.max(0, pos + b - c.slidingWindow() + 1) : 0;
                attention(l, q[b], attnOut[b], first, pos + b);
            }
            matmul(layer.wo(), null, attnOut, xb2, n);
            for (int b = 0; b < n; b++) {
                if (layer.postAttnNorm() != null) Ops.rmsnorm(xb2[b], 0, xb2[b], 0, layer.postAttnNorm(), c.dim(), c.rmsEps());
                Ops.add(x[b], xb2[b], c.dim());
            }

            // feed-forward
            for (int b = 0; b < n; b++) Ops.rmsnorm(xb[b], 0, x[b], 0, layer.ffnNorm(), c.dim(), c.rmsEps());
            if (layer.router() != null) {
                for (int b = 0; b < n; b++) mixtureOfExperts(layer, xb[b], xb2[b]);
            } else {
                feedForward(layer, n);
            }
            for (int b = 0; b < n; b++) {
                if (layer.postFfnNorm() != null) Ops.rmsnorm(xb2[b], 0, xb2[b], 0, layer.postFfnNorm(), c.dim(), c.rmsEps());
                Ops.add(x[b], xb2[b], c.dim());
            }
        }
        position += n;
    }

    /** {@code out[b] = weight · in[b] (+ bias)} for the first {@code n} tokens. */
    private void matmul(FloatTensor weight, float[] bias, float[][] in, float[][] out, int n) {
        if (n == 1 || roundLikeLlamaCpp) {
            // one token at a time through the quantized kernels (rounded activations would amplify the batched
            // path's different summation order into different roundings)
            for (int b = 0; b < n; b++) matvec(weight, in[b], out[b], 0, weight.rows());
        } else {
            weight.matmul(in, out, n);
        }
        if (bias != null) for (int b = 0; b < n; b++) Ops.add(out[b], bias, bias.length);
    }

    /** {@code out = weight · in[b]} for the one token {@code b}. */
    private void matmul(FloatTensor weight, float[][] in, float[] out, int b) {
        matvec(weight, in[b], out, 0, out.length);
    }

    /**
     * {@code out[i] = weight.row(first + i) · in}. When asked to round like llama.cpp, the activations are rounded
     * and the scalar kernels used: their results are the same on every machine, which the rounding needs (it
     * turns a last-bit difference into a different 8-bit value now and then).
     */
    private void matvec(FloatTensor weight, float[] in, float[] out, int first, int count) {
        if (roundLikeLlamaCpp) {
            ActivationRounding.round(weight.quant(), in, rounded, weight.cols());
            weight.matvec(rounded, out, first, count, false);
        } else {
            weight.matvec(in, out, first, count);
        }
    }

    /** Query {@code q} attends over positions {@code first..pos} of its KV head (grouped-query attention). */
    private void attention(int layer, float[] q, float[] out, int first, int pos) {
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
            int o = h * vd;
            Arrays.fill(out, o, o + vd, 0f);
            for (int t = first; t <= pos; t++) {
                int vo = t * c.kvHeads() * vd + kvHead * vd;
                float a = scores[t];
                for (int i = 0; i < vd; i++) out[o + i] += a * values[vo + i];
            }
        }
    }

    /** {@code xb2[b] = down(act(gate·xb[b]) ⊙ up·xb[b])}: SwiGLU, or GeGLU for Gemma. */
    private void feedForward(Weights.Layer layer, int n) {
        matmul(layer.gate(), null, xb, hb, n);
        matmul(layer.up(), null, xb, hb2, n);
        for (int b = 0; b < n; b++) gatedActivation(hb[b], hb2[b], layer.gate().rows());
        matmul(layer.down(), null, hb, xb2, n);
    }

    private void gatedActivation(float[] gate, float[] up, int n) {
        boolean gelu = c.architecture() == Architecture.GEMMA3;
        for (int i = 0; i < n; i++) gate[i] = (gelu ? Ops.gelu(gate[i]) : Ops.silu(gate[i])) * up[i];
    }

    /**
     * Qwen3-MoE, one token: the router's softmax picks the {@code expertsUsed} most probable experts; their SwiGLU
     * outputs are summed, weighted by their probabilities renormalized to sum to one.
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
        float[] gate = hb[0], up = hb2[0];
        for (int e : chosen) {
            matvec(layer.gateExperts(), in, gate, e * f, f);
            matvec(layer.upExperts(), in, up, e * f, f);
            gatedActivation(gate, up, f);
            matvec(layer.downExperts(), gate, expertOut, e * d, d);
            float weight = routerProbs[e] / total;
            for (int i = 0; i < d; i++) out[i] += weight * expertOut[i];
        }
    }

    private boolean isChosen(int expert, int count) {
        for (int i = 0; i < count; i++) if (chosen[i] == expert) return true;
        return false;
    }
}
