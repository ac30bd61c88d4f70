package dev.cairn.llm;

import java.util.Arrays;

/**
 * One sequence being computed: its KV cache and how many tokens it holds. Feed it a prompt with
 * {@link #prompt(int...)} (computed {@value #BATCH} tokens at a time, each weight row read from memory once for all of
 * them) and then tokens one at a time with {@link #next(int)}; both return the logits for the token that
 * follows. {@link #rewind} forgets the latest tokens (to edit a conversation, or to drop rejected speculative
 * tokens). The cache is {@link KvCacheType#F32} or {@link KvCacheType#F16} and grows in pages as tokens arrive
 * ({@link #reserve} allocates ahead, so that decoding then allocates nothing). Not thread-safe; open one session
 * per conversation.
 */
public final class Session {
    /** Prompt tokens computed together. */
    static final int BATCH = 32;

    private final Config c;
    private final Weights w;
    private final boolean roundLikeLlamaCpp;
    private final KvCache cache;
    private final Forward forward;
    private final int[] single = new int[1];
    private int position;
    private long computed;

    Session(Config c, Weights w, int capacity, boolean roundLikeLlamaCpp, KvCacheType type) {
        this(c, w, capacity, roundLikeLlamaCpp, type, new Forward(c, w, Math.min(BATCH, capacity), roundLikeLlamaCpp));
    }

    /** A session computed by {@code forward}, which other sessions driven from the same thread may share. */
    Session(Config c, Weights w, int capacity, boolean roundLikeLlamaCpp, KvCacheType type, Forward forward) {
        this.c = c;
        this.w = w;
        this.roundLikeLlamaCpp = roundLikeLlamaCpp;
        this.cache = new KvCache(c, type, capacity);
        this.forward = forward;
    }

    /** An independent copy of this session: the same tokens consumed, its own KV cache (best-of-n after one prefill). */
    Session copy() {
        Session s = new Session(c, w, capacity(), roundLikeLlamaCpp, cache.type());
        s.cache.copyFrom(cache, position);
        s.position = position;
        return s;
    }

    /** How many tokens this session has consumed. */
    public int position() {
        return position;
    }

    /** The most tokens this session can hold. */
    public int capacity() {
        return cache.capacity();
    }

    /** How the KV cache stores keys and values. */
    public KvCacheType kvCacheType() {
        return cache.type();
    }

    /** Bytes of KV cache allocated so far. */
    public long kvCacheBytes() {
        return cache.bytes();
    }

    /** How many tokens this session has run through the model (prompt and generated, not those copied in). */
    public long computedTokens() {
        return computed;
    }

    /** Allocates now the KV cache and scratch space for {@code tokens} positions (at most the capacity). */
    public void reserve(int tokens) {
        int n = Math.min(tokens, capacity());
        cache.reserve(n);
        forward.reserve(n, 1);
    }

    /** Forgets every token after the first {@code position} (their cache entries are overwritten later). */
    public void rewind(int position) {
        if (position < 0 || position > this.position) {
            throw new LlmException("cannot rewind a session of " + this.position + " tokens to position " + position);
        }
        this.position = position;
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
        int last = consume(tokens);
        return forward.logitsOf(last);
    }

    /**
     * Consumes {@code tokens} (at most {@link Forward#rows()} of them: speculative verification) and returns the
     * logits after each of them, {@code [i]} for the token after {@code tokens[i]} (rows reused by the next call).
     */
    float[][] promptEach(int... tokens) {
        if (tokens.length > forward.rows()) {
            throw new LlmException(tokens.length + " tokens in one pass; at most " + forward.rows());
        }
        consume(tokens);
        return forward.logits(tokens.length);
    }

    /** The number of tokens one pass computes at most. */
    int passSize() {
        return forward.rows();
    }

    /** Runs {@code tokens} through the model; returns the forward row of the last one. */
    private int consume(int[] tokens) {
        if (tokens.length == 0) throw new LlmException("an empty prompt has no next token");
        if (position + tokens.length > capacity()) {
            throw new LlmException("the session is full: " + tokens.length + " more tokens after " + position
                    + " exceed its capacity of " + capacity());
        }
        for (int token : tokens) checkToken(token);
        int rows = forward.rows(), n = 0;
        for (int from = 0; from < tokens.length; from += rows) {
            n = Math.min(rows, tokens.length - from);
            for (int b = 0; b < n; b++) {
                forward.token[b] = tokens[from + b];
                forward.position[b] = position + b;
                forward.cache[b] = cache;
            }
            forward.run(n);
            position += n;
            computed += n;
        }
        return n - 1;
    }

    private void checkToken(int token) {
        if (token < 0 || token >= w.tokenEmbedding().rows()) {
            throw new LlmException("token id " + token + " is outside the vocabulary of " + w.tokenEmbedding().rows());
        }
    }

    /**
     * Consumes one token in each of {@code n} sessions sharing {@code forward} in one pass (continuous batching:
     * the weights are read once for all of them) and returns the logits after each, {@code [i]} for
     * {@code sessions[i]} (rows reused by the next call).
     */
    static float[][] nextEach(Forward forward, Session[] sessions, int[] tokens, int n) {
        if (n > forward.rows()) throw new LlmException(n + " sequences in one pass; at most " + forward.rows());
        for (int b = 0; b < n; b++) {
            Session s = sessions[b];
            if (s.position >= s.capacity()) {
                throw new LlmException("the session is full: 1 more token after " + s.position + " exceeds its capacity of " + s.capacity());
            }
            s.checkToken(tokens[b]);
            forward.token[b] = tokens[b];
            forward.position[b] = s.position;
            forward.cache[b] = s.cache;
        }
        forward.run(n);
        for (int b = 0; b < n; b++) {
            sessions[b].position++;
            sessions[b].computed++;
        }
        return forward.logits(n);
    }

    /** Identifies the model (its weights), for {@link PrefixCache} entries. */
    Object modelKey() {
        return w;
    }

    Config config() {
        return c;
    }

    /** The KV cache, for {@link PrefixCache} snapshots. */
    KvCache cache() {
        return cache;
    }

    /** Takes the first {@code positions} positions of {@code source}'s cache as this (empty) session's own. */
    void restore(KvCache source, int positions) {
        if (position != 0) throw new IllegalStateException("restoring into a session that holds tokens");
        cache.copyFrom(source, positions);
        position = positions;
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
            if (t == eos || n == maxTokens || position >= capacity()) break;
            l = next(t);
        }
        return Arrays.copyOf(out, n);
    }
}
