package dev.cairn.llm;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The per-request side of generating one sequence, apart from computing it: samples each token from the logits
 * it is given, streams its text (whole UTF-8 characters, stop strings held back until decided) and decides when
 * the sequence ends: a stop token, a stop string, {@code maxTokens}, a full session or a cancellation. Used by
 * {@link Generator} (one sequence) and {@link BatchGenerator} (many sharing decode steps).
 */
final class Sequence {
    /** What a finished sequence produced. */
    record Result(int[] tokens, int sampled, String text, Generation.FinishReason finish, double logProb, long decodeNanos) {
        double meanLogProb() {
            return sampled == 0 ? Double.NEGATIVE_INFINITY : logProb / sampled;
        }
    }

    private final Model model;
    private final GenerationRequest request;
    private final Sampler sampler;
    private final TokenStreamDecoder decoder;
    private final StopStrings stops;
    private final Consumer<String> listener;
    private final StringBuilder text = new StringBuilder();
    private final long start = System.nanoTime();
    private int[] tokens;
    private int n, sampled;
    private double logProb;
    private Result result;

    Sequence(Model model, GenerationRequest request, Sampler.Settings settings, Consumer<String> listener) {
        this.model = model;
        this.request = request;
        this.listener = listener;
        this.sampler = new Sampler(settings);
        for (int t : request.promptTokens()) sampler.accept(t);
        this.decoder = new TokenStreamDecoder(model.tokenizer());
        this.stops = new StopStrings(request.stop());
        this.tokens = new int[Math.max(1, Math.min(request.maxTokens(), 1024))];
    }

    /**
     * Samples the next token from {@code logits} and streams its text. Returns the token, which the caller computes
     * and passes the logits after it to the next call, or -1 when the sequence has ended ({@link #result()}).
     * {@code room} says whether the session can hold the token.
     */
    int step(float[] logits, boolean room) {
        if (result != null) return -1;
        if (n >= request.maxTokens()) return end(Generation.FinishReason.LENGTH);
        if (request.cancellation().isCancelled()) return end(Generation.FinishReason.CANCELLED);
        int token = sampler.sample(logits);
        sampled++;
        logProb += Generator.logSoftmax(logits, token);
        if (model.isStopToken(token) || request.stopTokens().contains(token)) return end(Generation.FinishReason.STOP);
        sampler.accept(token);
        if (n == tokens.length) tokens = Arrays.copyOf(tokens, 2 * n);
        tokens[n++] = token;
        emit(stops.offer(decoder.append(token)));
        if (stops.stopped()) return end(Generation.FinishReason.STOP);
        if (n == request.maxTokens() || !room) return end(Generation.FinishReason.LENGTH);
        return token;
    }

    /** Ends the sequence now (cancelled from outside the loop). */
    void cancel() {
        if (result == null) end(Generation.FinishReason.CANCELLED);
    }

    /** The outcome, once {@link #step} returned -1. */
    Result result() {
        return result;
    }

    /** How many tokens were generated so far. */
    int generated() {
        return n;
    }

    private int end(Generation.FinishReason finish) {
        if (!stops.stopped()) {
            emit(stops.offer(decoder.flush()));
            emit(stops.flush());
        }
        result = new Result(Arrays.copyOf(tokens, n), sampled, text.toString(), finish, logProb, System.nanoTime() - start);
        return -1;
    }

    private void emit(String piece) {
        if (piece.isEmpty()) return;
        text.append(piece);
        listener.accept(piece);
    }
}
