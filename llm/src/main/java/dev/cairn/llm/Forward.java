package dev.cairn.llm;

import java.util.Arrays;

/**
 * The forward pass over up to {@link #rows()} tokens at once, each at its own position of its own {@link KvCache}:
 * the tokens of one prompt (one cache, consecutive positions) or the next token of many sequences (continuous
 * batching). Every weight matrix is read from memory once for all of them. Holds the activations; not
 * thread-safe: sessions that share one must be driven from one thread.
 *
 * <p>Per layer: RMSNorm, q/k/v with optional biases and per-head norms, RoPE, keys and values stored, grouped-query
 * attention over the cache with an optional sliding window, output projection, post-norm; then SwiGLU/GeGLU FFN or
 * a routed mixture of experts, post-norm. Then, for the rows asked, the output norm and the vocabulary projection.
 */
final class Forward {
    private final Config c;
    private final Weights w;
    private final boolean roundLikeLlamaCpp;
    private final int rows;

    // per row: the token, its position, its cache (filled by the caller before run)
    final int[] token;
    final int[] position;
    final KvCache[] cache;

    // activations of up to `rows` tokens, [row][element], allocated once
    private final float[][] x, xb, xb2, q, k, v, attnOut, hb, hb2;
    private final float[] routerProbs, expertOut, rounded;
    private final int[] chosen;
    private float[] scores = new float[0];
    private float[][] logits = new float[0][];

    Forward(Config c, Weights w, int rows, boolean roundLikeLlamaCpp) {
        this.c = c;
        this.w = w;
        this.rows = rows;
        this.roundLikeLlamaCpp = roundLikeLlamaCpp;
        int ffn = Math.max(c.ffnDim(), c.expertFfnDim());
        token = new int[rows];
        position = new int[rows];
        cache = new KvCache[rows];
        x = new float[rows][c.dim()];
        xb = new float[rows][c.dim()];
        xb2 = new float[rows][c.dim()];
        q = new float[rows][c.heads() * c.headDim()];
        k = new float[rows][c.kvDim()];
        v = new float[rows][c.kvHeads() * c.valueDim()];
        attnOut = new float[rows][c.heads() * c.valueDim()];
        hb = new float[rows][ffn];
        hb2 = new float[rows][ffn];
        rounded = roundLikeLlamaCpp ? new float[Math.max(ffn, Math.max(c.dim(), c.heads() * c.valueDim()))] : null;
        routerProbs = new float[c.experts()];
        expertOut = new float[c.dim()];
        chosen = new int[c.expertsUsed()];
    }

    /** How many tokens one pass computes at most. */
    int rows() {
        return rows;
    }

    int vocabularySize() {
        return w.output().rows();
    }

    /**
     * Makes room for attention over {@code positions} cached positions and for {@code logitRows} rows of logits,
     * so that {@link #run} and {@link #logits} allocate nothing later.
     */
    void reserve(int positions, int logitRows) {
        if (scores.length < positions) scores = new float[positions];
        if (logits.length < logitRows) {
            float[][] grown = Arrays.copyOf(logits, logitRows);
            for (int r = logits.length; r < logitRows; r++) grown[r] = new float[vocabularySize()];
            logits = grown;
        }
    }

    /** Runs rows {@code [0, n)} ({@link #token}, {@link #position}, {@link #cache}) through every layer. */
    void run(int n) {
        for (int b = 0; b < n; b++) {
            w.tokenEmbedding().dequantizeRow(token[b], x[b]);
            if (c.embeddingScale() != 1f) for (int i = 0; i < c.dim(); i++) x[b][i] *= c.embeddingScale();
            if (scores.length <= position[b]) scores = new float[Math.max(position[b] + 1, 2 * scores.length)];
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
                Ops.rope(q[b], c.heads(), c.headDim(), c.ropeDim(), position[b], ropeBase, c.ropeScale(), w.ropeFreqFactors(), c.architecture().neoxRope);
                Ops.rope(k[b], c.kvHeads(), c.headDim(), c.ropeDim(), position[b], ropeBase, c.ropeScale(), w.ropeFreqFactors(), c.architecture().neoxRope);
                cache[b].store(l, position[b], k[b], v[b]);
            }
            for (int b = 0; b < n; b++) {
                int first = sliding ? Math.max(0, position[b] - c.slidingWindow() + 1) : 0;
                cache[b].attend(l, c, q[b], attnOut[b], first, position[b], scores);
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
    }

    /** The logits after row {@code row} of the last {@link #run} (reused by the next call). */
    float[] logitsOf(int row) {
        reserve(0, 1);
        float[] last = x[row];
        Ops.rmsnorm(last, 0, last, 0, w.outputNorm(), c.dim(), c.rmsEps());
        matvec(w.output(), last, logits[0], 0, logits[0].length);
        return logits[0];
    }

    /** The logits after each of rows {@code [0, n)} of the last {@link #run}, the vocabulary matrix read once (reused). */
    float[][] logits(int n) {
        if (n == 1) {
            logitsOf(0);
            return logits;
        }
        reserve(0, n);
        for (int b = 0; b < n; b++) Ops.rmsnorm(x[b], 0, x[b], 0, w.outputNorm(), c.dim(), c.rmsEps());
        matmul(w.output(), null, x, logits, n);
        return logits;
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
