package dev.cairn.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keys and values of recent prompts, kept so that a later prompt starting with the same tokens (a system prompt,
 * the same RAG sources, an earlier turn of the conversation) copies them instead of computing them again. Each
 * entry is one computed prompt; a new prompt reuses the longest common prefix with any entry (at least
 * {@code minTokens}), then computes only the rest. Entries are evicted least recently used first, so that the
 * cached keys and values stay under {@code maxBytes}. Thread-safe; share one per model ({@link Generator#withPrefixCache};
 * entries are also keyed by the model and by the KV cache type).
 */
public final class PrefixCache {
    private record Entry(Object model, int[] tokens, KvCache cache, long bytes) {}

    private final long maxBytes;
    private final int minTokens;
    private final List<Entry> entries = new ArrayList<>(); // most recently used last
    private long bytes, hits, reusedTokens;

    /** A cache of at most {@code maxBytes} of keys and values that reuses prefixes of 16 tokens or more. */
    public PrefixCache(long maxBytes) {
        this(maxBytes, 16);
    }

    public PrefixCache(long maxBytes, int minTokens) {
        if (maxBytes <= 0) throw new LlmException("a prefix cache needs a positive size in bytes, not " + maxBytes);
        if (minTokens < 1) throw new LlmException("the shortest reused prefix must be at least 1 token, not " + minTokens);
        this.maxBytes = maxBytes;
        this.minTokens = minTokens;
    }

    /**
     * Consumes {@code prompt} in {@code session} (which must be empty), copying the longest cached prefix of it
     * (all but its last token at most: the logits after it must be computed) and computing the rest; then caches
     * the prompt's keys and values. Returns the logits after the prompt, as {@link Session#prompt}.
     */
    float[] prompt(Session session, int[] prompt) {
        int reused = restore(session, prompt);
        float[] logits = session.prompt(Arrays.copyOfRange(prompt, reused, prompt.length));
        remember(session, prompt);
        return logits;
    }

    /**
     * Copies into {@code session} (empty) the longest cached prefix of {@code prompt} of at least {@code minTokens},
     * all but the prompt's last token at most; returns how many positions it holds now (0: none cached).
     */
    int restore(Session session, int[] prompt) {
        if (session.position() != 0) throw new IllegalStateException("the prefix cache fills empty sessions");
        Object key = session.modelKey();
        Entry best = null;
        int bestLength = 0;
        synchronized (this) {
            for (Entry e : entries) {
                if (e.model != key || e.cache.type() != session.kvCacheType()) continue;
                int common = Math.min(commonPrefix(e.tokens, prompt), prompt.length - 1);
                if (common > bestLength) {
                    best = e;
                    bestLength = common;
                }
            }
            if (best == null || bestLength < minTokens) return 0;
            entries.remove(best);
            entries.add(best);
            hits++;
            reusedTokens += bestLength;
            // copied under the lock: an entry is immutable, but eviction must not race the copy's reads
            session.restore(best.cache, bestLength);
            return bestLength;
        }
    }

    /** Keeps the keys and values of {@code prompt}, which {@code session} has just consumed, for later prompts. */
    void remember(Session session, int[] prompt) {
        remember(session.modelKey(), prompt, session);
    }

    private void remember(Object key, int[] prompt, Session session) {
        KvCache snapshot = new KvCache(session.config(), session.kvCacheType(), prompt.length);
        snapshot.copyFrom(session.cache(), prompt.length);
        long size = snapshot.bytes();
        if (size > maxBytes) return;
        synchronized (this) {
            // an entry whose tokens are a prefix of this prompt's adds nothing
            entries.removeIf(e -> {
                boolean covered = e.model == key && e.cache.type() == session.kvCacheType()
                        && e.tokens.length <= prompt.length && commonPrefix(e.tokens, prompt) == e.tokens.length;
                if (covered) bytes -= e.bytes;
                return covered;
            });
            entries.add(new Entry(key, prompt.clone(), snapshot, size));
            bytes += size;
            while (bytes > maxBytes) bytes -= entries.removeFirst().bytes;
        }
    }

    /** Bytes of keys and values held. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Prompts stored. */
    public synchronized int size() {
        return entries.size();
    }

    /** How many prompts reused a cached prefix, and how many tokens they did not compute. */
    public synchronized Stats stats() {
        return new Stats(hits, reusedTokens);
    }

    /** @param hits prompts that reused a prefix; @param reusedTokens positions copied instead of computed */
    public record Stats(long hits, long reusedTokens) {}

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = Arrays.mismatch(a, 0, n, b, 0, n);
        return i < 0 ? n : i;
    }
}
