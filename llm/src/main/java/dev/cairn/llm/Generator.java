package dev.cairn.llm;

import dev.cairn.tokenizers.Tokenizer;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The generation loop: compute the prompt, then sample a token, stream its text, compute it, until a stop token, a
 * stop string, {@code maxTokens}, a full context or a cancellation. With best-of-n the prompt is computed once and
 * each candidate continues from a copy of the session.
 */
final class Generator {
    private final Model model;
    private final Tokenizer tokenizer;

    Generator(Model model) {
        this.model = model;
        this.tokenizer = model.tokenizer();
    }

    Generation generate(GenerationRequest request, Consumer<String> listener) {
        int[] prompt = request.promptTokens();
        int context = model.contextLength();
        if (prompt.length >= context) {
            throw new LlmException("the prompt has " + prompt.length + " tokens; the model's context holds " + context
                    + ", the prompt and at least one generated token: shorten the prompt");
        }
        int capacity = (int) Math.min(context, (long) prompt.length + Math.max(1, request.maxTokens()));
        long start = System.nanoTime();
        Session session = model.newSession(capacity);
        float[] promptLogits = session.prompt(prompt).clone();
        long prefill = System.nanoTime() - start;

        if (request.bestOf() == 1) {
            Candidate c = run(request, request.sampling(), session, promptLogits, listener);
            return c.result(request, promptLogits, prefill);
        }
        Candidate best = null;
        int sampled = 0;
        long decode = 0;
        for (int i = 0; i < request.bestOf() && !request.cancellation().isCancelled(); i++) {
            Session copy = i == request.bestOf() - 1 ? session : session.copy();
            Candidate c = run(request, request.sampling().withSeed(request.sampling().seed() + i), copy, promptLogits, text -> {});
            sampled += c.sampled;
            decode += c.decodeNanos;
            if (best == null || c.meanLogProb() > best.meanLogProb()) best = c;
        }
        if (best == null) best = new Candidate(new int[0], 0, "", Generation.FinishReason.CANCELLED, 0, 0);
        Generation.FinishReason finish = request.cancellation().isCancelled() ? Generation.FinishReason.CANCELLED : best.finish;
        if (!best.text.isEmpty()) listener.accept(best.text);
        var usage = new Generation.Usage(prompt.length, sampled, prefill, decode);
        return new Generation(prompt, best.tokens, best.text, finish, usage, best.meanLogProb(), promptLogits);
    }

    private record Candidate(int[] tokens, int sampled, String text, Generation.FinishReason finish, double logProb,
                             long decodeNanos) {
        double meanLogProb() {
            return sampled == 0 ? Double.NEGATIVE_INFINITY : logProb / sampled;
        }

        Generation result(GenerationRequest request, float[] promptLogits, long prefill) {
            var usage = new Generation.Usage(request.promptTokens().length, sampled, prefill, decodeNanos);
            return new Generation(request.promptTokens(), tokens, text, finish, usage, meanLogProb(), promptLogits);
        }
    }

    private Candidate run(GenerationRequest request, Sampler.Settings settings, Session session, float[] promptLogits,
                          Consumer<String> listener) {
        long start = System.nanoTime();
        Sampler sampler = new Sampler(settings);
        for (int t : request.promptTokens()) sampler.accept(t);
        TokenStreamDecoder decoder = new TokenStreamDecoder(tokenizer);
        StopStrings stops = new StopStrings(request.stop());
        StringBuilder text = new StringBuilder();
        int[] tokens = new int[Math.min(request.maxTokens(), 1024)];
        int n = 0, sampled = 0;
        double logProb = 0;
        Generation.FinishReason finish = Generation.FinishReason.LENGTH;
        float[] logits = promptLogits;
        while (n < request.maxTokens()) {
            if (request.cancellation().isCancelled()) {
                finish = Generation.FinishReason.CANCELLED;
                break;
            }
            int token = sampler.sample(logits);
            sampled++;
            logProb += logSoftmax(logits, token);
            if (model.isStopToken(token) || request.stopTokens().contains(token)) {
                finish = Generation.FinishReason.STOP;
                break;
            }
            sampler.accept(token);
            if (n == tokens.length) tokens = Arrays.copyOf(tokens, 2 * n);
            tokens[n++] = token;
            String piece = stops.offer(decoder.append(token));
            emit(piece, text, listener);
            if (stops.stopped()) {
                finish = Generation.FinishReason.STOP;
                break;
            }
            if (n == request.maxTokens() || session.position() == session.capacity()) break;
            logits = session.next(token);
        }
        if (!stops.stopped()) {
            emit(stops.offer(decoder.flush()), text, listener);
            emit(stops.flush(), text, listener);
        }
        return new Candidate(Arrays.copyOf(tokens, n), sampled, text.toString(), finish, logProb, System.nanoTime() - start);
    }

    private static void emit(String piece, StringBuilder text, Consumer<String> listener) {
        if (piece.isEmpty()) return;
        text.append(piece);
        listener.accept(piece);
    }

    /** log softmax(logits)[token]. */
    static double logSoftmax(float[] logits, int token) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) max = Math.max(max, l);
        double sum = 0;
        for (float l : logits) sum += Math.exp(l - max);
        return logits[token] - max - Math.log(sum);
    }
}
