package dev.cairn.llm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Continuous batching: generations submitted from any thread share decode steps. One scheduler thread runs them;
 * each step computes the next token of every active sequence in one forward pass (each weight matrix read from
 * memory once for all of them), then samples, streams and checks each sequence on its own. Requests join between
 * steps and leave when they finish, so a long generation never holds a
 * short one up; a joining prompt is computed {@value Session#BATCH} tokens per step, between the others' decode steps,
 * so a long prompt (RAG sources) slows the streams already running instead of stopping them. With a
 * {@link PrefixCache}, a joining prompt's cached prefix is copied, not computed. Each sequence has its own {@link Session} and KV cache, sized to its prompt plus
 * {@code maxTokens}; greedy outputs are the same as {@link Model#generate}'s.
 *
 * <pre>{@code
 * try (BatchGenerator batch = new BatchGenerator(model, 32)) {
 *     CompletableFuture<Generation> a = batch.submit(GenerationRequest.of(model.encode("Once")), piece -> send(piece));
 *     CompletableFuture<Generation> b = batch.submit(GenerationRequest.of(model.encode("Lily")).withMaxTokens(50), piece -> {});
 *     Generation done = a.join();
 * }
 * }</pre>
 *
 * <p>The listener of a request is called on the scheduler thread with each whole piece of text: it must return
 * quickly (hand the piece to the connection's own thread or queue if writing can block), since every sequence waits
 * for it. A listener that throws fails its own request only. A request ends early when its
 * {@link GenerationRequest#cancellation()} is raised or its future is cancelled ({@link Generation.FinishReason#CANCELLED}).
 * Best-of-n is not batched: such requests are refused (use {@link Model#generate}). {@link #close()} fails the
 * requests not yet finished with an {@link LlmException}. Thread-safe.
 */
public final class BatchGenerator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchGenerator.class);

    private final Model model;
    private final int maxSequences;
    private final PrefixCache prefixCache;
    private final KvCacheType kvCacheType;
    private final Forward forward;
    private final Session[] rowSessions;
    private final int[] rowTokens;
    private final LinkedBlockingQueue<Active> waiting = new LinkedBlockingQueue<>();
    private final List<Active> active = new ArrayList<>();
    private final java.util.ArrayDeque<Active> prefilling = new java.util.ArrayDeque<>();
    private final Thread scheduler;
    private volatile boolean closed;
    private volatile int activeCount;

    /** One request being generated. */
    private static final class Active {
        final GenerationRequest request;
        final Consumer<String> listener;
        final CompletableFuture<Generation> future = new CompletableFuture<>();
        Session session;
        int prefilled; // prompt tokens in the session so far
        Sequence sequence;
        int pending = -1; // the token to compute next
        boolean joined;
        float[] promptLogits;
        long prefillNanos;

        Active(GenerationRequest request, Consumer<String> listener) {
            this.request = request;
            this.listener = listener;
        }
    }

    /** A scheduler of at most {@code maxSequences} concurrent sequences (more wait their turn), no prefix cache. */
    public BatchGenerator(Model model, int maxSequences) {
        this(model, maxSequences, null, null);
    }

    /**
     * @param prefixCache reused for the prompts of joining requests (null: none)
     * @param kvCacheType how sessions store keys and values (null: {@link KvCacheType#defaultFor} each session's size)
     */
    public BatchGenerator(Model model, int maxSequences, PrefixCache prefixCache, KvCacheType kvCacheType) {
        if (maxSequences < 1) throw new LlmException("a batch needs room for at least one sequence, not " + maxSequences);
        this.model = model;
        this.maxSequences = maxSequences;
        this.prefixCache = prefixCache;
        this.kvCacheType = kvCacheType;
        this.forward = model.newForward(Math.max(Session.BATCH, maxSequences));
        this.rowSessions = new Session[forward.rows()];
        this.rowTokens = new int[forward.rows()];
        this.scheduler = Thread.ofPlatform().name("cairn-batch").daemon().start(this::loop);
    }

    /**
     * Queues {@code request}; {@code listener} gets its text as it is generated. The future completes with the
     * generation, or exceptionally with an {@link LlmException} (prompt longer than the context, listener failure,
     * closed generator).
     */
    public CompletableFuture<Generation> submit(GenerationRequest request, Consumer<String> listener) {
        if (request.bestOf() != 1) {
            throw new LlmException("best-of-" + request.bestOf() + " is not batched: use Model.generate for it");
        }
        Generator.capacity(model, request); // fails now if the prompt does not fit
        Active a = new Active(request, listener);
        if (closed) {
            a.future.completeExceptionally(new LlmException("the batch generator is closed"));
            return a.future;
        }
        waiting.add(a);
        return a.future;
    }

    /** How many sequences are being generated now (not counting those waiting to join). */
    public int activeSequences() {
        return activeCount;
    }

    /** The most sequences generated at once. */
    public int maxSequences() {
        return maxSequences;
    }

    private void loop() {
        try {
            while (!closed) {
                admit();
                if (!prefilling.isEmpty()) prefillChunk();
                if (!active.isEmpty()) step();
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException | Error e) {
            if (!closed) log.error("batch scheduler failed", e);
            for (Active a : active) a.future.completeExceptionally(new LlmException("generation failed: " + e, e));
            active.clear();
            prefilling.clear();
        } finally {
            LlmException closedError = new LlmException("the batch generator was closed before the request finished");
            for (Active a : active) a.future.completeExceptionally(closedError);
            for (Active a : prefilling) a.future.completeExceptionally(closedError);
            for (Active a; (a = waiting.poll()) != null; ) a.future.completeExceptionally(closedError);
            activeCount = 0;
        }
    }

    /** Lets waiting requests join, computing their prompts (blocks while nothing is active or waiting). */
    private void admit() throws InterruptedException {
        while (active.size() + prefilling.size() < maxSequences) {
            Active a = active.isEmpty() && prefilling.isEmpty() ? waiting.poll(100, TimeUnit.MILLISECONDS) : waiting.poll();
            if (a == null) return;
            if (a.future.isDone()) continue;
            try {
                start(a);
            } catch (RuntimeException e) {
                a.future.completeExceptionally(e instanceof LlmException ? e : new LlmException("generation failed: " + e, e));
            }
        }
    }

    /** Opens the request's session (with a cached prefix when there is one); its prompt is computed in chunks. */
    private void start(Active a) {
        a.prefillNanos = -System.nanoTime();
        int capacity = Generator.capacity(model, a.request);
        KvCacheType type = kvCacheType != null ? kvCacheType : KvCacheType.defaultFor(capacity);
        a.session = model.newSession(capacity, type, forward);
        a.session.reserve(capacity);
        if (prefixCache != null) a.prefilled = prefixCache.restore(a.session, a.request.promptTokens());
        prefilling.add(a);
    }

    /**
     * Computes the next {@value Session#BATCH} prompt tokens of the first joining request, so that a long prompt
     * delays the others' next tokens by one chunk at a time, not by its whole prefill; a request whose prompt is
     * done samples its first token and joins the decode steps.
     */
    private void prefillChunk() {
        Active a = prefilling.getFirst();
        try {
            int[] prompt = a.request.promptTokens();
            int n = Math.min(Session.BATCH, prompt.length - a.prefilled);
            float[] logits = a.session.prompt(java.util.Arrays.copyOfRange(prompt, a.prefilled, a.prefilled + n));
            a.prefilled += n;
            if (a.prefilled < prompt.length && !a.future.isDone()) return;
            prefilling.removeFirst();
            if (a.future.isDone()) return;
            if (prefixCache != null) prefixCache.remember(a.session, prompt);
            a.promptLogits = logits.clone();
            a.prefillNanos += System.nanoTime();
            a.sequence = new Sequence(model, a.request, a.request.sampling(), a.listener);
            if (!advance(a, a.promptLogits)) return;
            active.add(a);
            a.joined = true;
            activeCount = active.size();
        } catch (RuntimeException e) {
            prefilling.remove(a);
            a.future.completeExceptionally(e instanceof LlmException ? e : new LlmException("generation failed: " + e, e));
        }
    }

    /** One decode step of every active sequence. */
    private void step() {
        Session[] sessions = rowSessions;
        int[] tokens = rowTokens;
        for (int from = 0; from < active.size(); from += forward.rows()) {
            int n = Math.min(forward.rows(), active.size() - from);
            for (int i = 0; i < n; i++) {
                sessions[i] = active.get(from + i).session;
                tokens[i] = active.get(from + i).pending;
            }
            float[][] logits = Session.nextEach(forward, sessions, tokens, n);
            for (int i = 0; i < n; i++) advance(active.get(from + i), logits[i]);
        }
        active.removeIf(a -> a.future.isDone());
        activeCount = active.size();
    }

    /** Samples the sequence's next token; completes its future when it ends. Returns whether it goes on. */
    private boolean advance(Active a, float[] logits) {
        if (a.future.isDone()) {
            a.sequence.cancel();
            leaving(a);
            return false;
        }
        try {
            a.pending = a.sequence.step(logits, a.session.position() < a.session.capacity());
        } catch (RuntimeException e) {
            leaving(a);
            a.future.completeExceptionally(e instanceof LlmException ? e : new LlmException("the listener failed: " + e, e));
            return false;
        }
        if (a.pending >= 0) return true;
        Sequence.Result r = a.sequence.result();
        var usage = new Generation.Usage(a.request.promptTokens().length, r.sampled(), a.prefillNanos, r.decodeNanos());
        leaving(a);
        a.future.complete(new Generation(a.request.promptTokens(), r.tokens(), r.text(), r.finish(), usage, r.meanLogProb(),
                a.promptLogits));
        return false;
    }

    /** Counts {@code a} out of {@link #activeSequences()} before its future completes. */
    private void leaving(Active a) {
        if (a.joined) {
            a.joined = false;
            activeCount--;
        }
    }

    /** Stops the scheduler; unfinished requests fail. */
    @Override
    public void close() {
        closed = true;
        scheduler.interrupt();
        try {
            scheduler.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
