package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The decode loop (compute a token, sample the next) allocates nothing once compiled, with one compute thread and
 * with the pool, for quantized (syn-llama-q8_0; syn-llama-q4_k_m, whose Q4_K and Q6_K matrices are repacked for
 * the integer kernels, whose activations are quantized per product) and float32 (stories260K) weights — every matrix product hands a
 * reused task to the compute threads (a capturing lambda there cost 32 bytes per product whenever the JIT did not
 * inline the whole call, as in a JVM whose profiles other tests have polluted): measured with the JVM's per-thread allocation counter over windows of 100 tokens, until one
 * window comes out clean (the JIT must first compile the kernels: interpreted Vector API code allocates every
 * vector), at most 400 windows. The tolerance, 8 bytes per token on average, absorbs a stray allocation of the
 * counter itself; one array of logits would already be 2 KiB per token here. The compute threads only run chunks
 * handed to them (not measured here). Positions are reused with {@link Session#rewind}, so the cache pages, allocated
 * up front by {@link Session#reserve}, never grow.
 */
class DecodeAllocationTest {
    private static final int WINDOW = 100;

    @Test
    void decodingAllocatesNothingPerToken() {
        int compute = Parallel.threads();
        try {
            for (String file : new String[] {"syn-llama-q8_0", "syn-llama-q4_k_m", "stories260K"}) {
                try (Model model = Model.load(Fixtures.fixture("models/" + file + ".gguf"))) {
                    for (int threads : new int[] {1, Math.max(2, compute)}) {
                        Parallel.setThreads(threads);
                        for (KvCacheType type : KvCacheType.values()) {
                            long bytes = steadyStateBytes(model, type);
                            assertTrue(bytes <= WINDOW * 8, file + ", " + type + ", " + threads + " threads: " + bytes
                                    + " bytes over " + WINDOW + " tokens");
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(compute);
        }
    }

    /**
     * Bytes allocated by the first window of {@link #WINDOW} tokens that comes out clean, or by the 400th (late in
     * a full test run, C2's queue is long: the kernels can take thousands of tokens to be compiled).
     */
    private static long steadyStateBytes(Model model, KvCacheType type) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        int[] prompt = model.encode("Once upon a time");
        Session session = model.newSession(512, type);
        session.reserve(512);
        Sampler sampler = new Sampler(Sampler.Settings.defaults(5).withPenalties(1.1f, 0f, 0f, 64));
        float[] promptLogits = session.prompt(prompt).clone();
        long bytes = Long.MAX_VALUE;
        for (int window = 0; window < 400 && bytes > WINDOW * 8; window++) {
            session.rewind(prompt.length);
            long before = mx.getCurrentThreadAllocatedBytes();
            decode(session, sampler, promptLogits);
            bytes = mx.getCurrentThreadAllocatedBytes() - before;
        }
        return bytes;
    }

    private static void decode(Session session, Sampler sampler, float[] logits) {
        for (int i = 0; i < WINDOW; i++) {
            int token = sampler.sample(logits);
            sampler.accept(token);
            logits = session.next(token);
        }
    }
}
