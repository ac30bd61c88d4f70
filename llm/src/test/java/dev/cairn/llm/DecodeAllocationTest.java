package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The decode loop (compute a token, sample the next) allocates nothing once compiled, with one compute thread and
 * with the pool, on a Q8_0 model (syn-llama-q8_0: the quantized decode kernels hand a reused task to the compute
 * threads; float32 weights still pass a capturing lambda, which the JIT removes only when it inlines the whole call,
 * so stories260K's F32 weights allocate 32 bytes per matrix product in a JVM whose profiles other tests have
 * polluted): measured with the JVM's per-thread allocation counter over windows of 100 tokens, until one
 * window comes out clean (the JIT must first compile the kernels: interpreted Vector API code allocates every
 * vector), at most 60 windows. The tolerance, 8 bytes per token on average, absorbs a stray allocation of the
 * counter itself; one array of logits would already be 2 KiB per token here. The compute threads only run chunks
 * handed to them (not measured here). Positions are reused with {@link Session#rewind}, so the cache pages, allocated
 * up front by {@link Session#reserve}, never grow.
 */
class DecodeAllocationTest {
    private static final int WINDOW = 100;

    @Test
    void decodingAllocatesNothingPerToken() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        int compute = Parallel.threads();
        try (Model model = Model.load(Fixtures.fixture("models/syn-llama-q8_0.gguf"))) {
            int[] prompt = model.encode("Once upon a time");
            for (int threads : new int[] {1, Math.max(2, compute)}) {
                Parallel.setThreads(threads);
                for (KvCacheType type : KvCacheType.values()) {
                    Session session = model.newSession(512, type);
                    session.reserve(512);
                    Sampler sampler = new Sampler(Sampler.Settings.defaults(5).withPenalties(1.1f, 0f, 0f, 64));
                    float[] promptLogits = session.prompt(prompt).clone();
                    long bytes = Long.MAX_VALUE;
                    for (int window = 0; window < 60 && bytes > WINDOW * 8; window++) {
                        session.rewind(prompt.length);
                        long before = mx.getCurrentThreadAllocatedBytes();
                        decode(session, sampler, promptLogits);
                        bytes = mx.getCurrentThreadAllocatedBytes() - before;
                    }
                    assertTrue(bytes <= WINDOW * 8, type + ", " + threads + " threads: " + bytes + " bytes over " + WINDOW + " tokens");
                }
            }
        } finally {
            Parallel.setThreads(compute);
        }
    }

    private static void decode(Session session, Sampler sampler, float[] logits) {
        for (int i = 0; i < WINDOW; i++) {
            int token = sampler.sample(logits);
            sampler.accept(token);
            logits = session.next(token);
        }
    }
}
