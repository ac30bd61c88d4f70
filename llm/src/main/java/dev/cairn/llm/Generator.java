package dev.cairn.llm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.function.Consumer;

/**
 * The generation loop of one request: compute the prompt, then sample a token, stream its text, compute it, until a
 * stop token, a stop string, {@code maxTokens}, a full context or a cancellation. With best-of-n the prompt is
 * computed once and each candidate continues from a copy of the session.
 *
 * <p>Options, each returning a new generator (immutable, thread-safe; {@link Model#generate} uses the plain one):
 * <ul>
 *   <li>{@link #withPrefixCache}: the prompt's longest prefix held in the cache is copied instead of computed,
 *       and the prompt's keys and values are kept for later requests (system prompts, RAG sources).</li>
 *   <li>{@link #withDraft}: speculative decoding; a smaller model of the same vocabulary proposes tokens and this
 *       model checks them all in one pass. The output is the same as without it, token for token, for every
 *       sampling setting: the target's sampler decides each token from the target's own logits.</li>
 *   <li>{@link #withKvCacheType}: how sessions store keys and values (default {@link KvCacheType#defaultFor}).</li>
 * </ul>
 *
 * <pre>{@code
 * Generator g = Generator.of(model).withPrefixCache(new PrefixCache(256L << 20)).withDraft(small, 4);
 * Generation out = g.generate(GenerationRequest.of(model.chatPrompt(messages, List.of())), System.out::print);
 * }</pre>
 */
public final class Generator {
    private final Model model;
    private final PrefixCache prefixCache;
    private final Model draft;
    private final int draftTokens;
    private final KvCacheType kvCacheType;

    private Generator(Model model, PrefixCache prefixCache, Model draft, int draftTokens, KvCacheType kvCacheType) {
        this.model = model;
        this.prefixCache = prefixCache;
        this.draft = draft;
        this.draftTokens = draftTokens;
        this.kvCacheType = kvCacheType;
    }

    /** A generator of {@code model}'s continuations, without prefix cache or draft model. */
    public static Generator of(Model model) {
        return new Generator(model, null, null, 0, null);
    }

    /** This generator reusing and filling {@code cache} (null: none). */
    public Generator withPrefixCache(PrefixCache cache) {
        return new Generator(model, cache, draft, draftTokens, kvCacheType);
    }

    /**
     * This generator with speculative decoding: {@code draft} proposes {@code tokens} tokens per step (null or 0:
     * none). The draft must have the same vocabulary (checked by size and by the ids of its special tokens).
     */
    public Generator withDraft(Model draft, int tokens) {
        if (draft == null || tokens == 0) return new Generator(model, prefixCache, null, 0, kvCacheType);
        if (tokens < 0 || tokens >= Session.BATCH) throw new LlmException("draft tokens must be in 1.." + (Session.BATCH - 1) + ", not " + tokens);
        SpeculativeDecoder.checkCompatible(model, draft);
        return new Generator(model, prefixCache, draft, tokens, kvCacheType);
    }

    /** This generator storing keys and values as {@code type} (null: the default for each session's size). */
    public Generator withKvCacheType(KvCacheType type) {
        return new Generator(model, prefixCache, draft, draftTokens, type);
    }

    /**
     * Generates a continuation of the request's prompt, passing each piece of text to {@code listener} as soon as
     * it is whole. Sessions are sized for the prompt plus {@code maxTokens}, at most the model's context.
     *
     * @throws LlmException when the prompt does not fit the context
     */
    public Generation generate(GenerationRequest request, Consumer<String> listener) {
        int[] prompt = request.promptTokens();
        int capacity = capacity(model, request);
        KvCacheType type = kvCacheType != null ? kvCacheType : KvCacheType.defaultFor(capacity);
        long start = System.nanoTime();
        Session session = model.newSession(capacity, type);
        session.reserve(capacity);
        float[] promptLogits = (prefixCache != null ? prefixCache.prompt(session, prompt) : session.prompt(prompt)).clone();
        long prefill = System.nanoTime() - start;

        if (request.bestOf() == 1) {
            TokenSource source = draft == null ? new Plain(session, promptLogits)
                    : new SpeculativeDecoder(session, draft.newSession(capacity, type), prompt, promptLogits, draftTokens);
            Sequence.Result r = run(request, request.sampling(), source, listener);
            if (source instanceof SpeculativeDecoder s) s.logStats();
            var usage = new Generation.Usage(prompt.length, r.sampled(), prefill, r.decodeNanos());
            return new Generation(prompt, r.tokens(), r.text(), r.finish(), usage, r.meanLogProb(), promptLogits);
        }
        Sequence.Result best = null;
        int sampled = 0;
        long decode = 0;
        for (int i = 0; i < request.bestOf() && !request.cancellation().isCancelled(); i++) {
            Session copy = i == request.bestOf() - 1 ? session : session.copy();
            Sequence.Result r = run(request, request.sampling().withSeed(request.sampling().seed() + i),
                    new Plain(copy, promptLogits), text -> {});
            sampled += r.sampled();
            decode += r.decodeNanos();
            if (best == null || r.meanLogProb() > best.meanLogProb()) best = r;
        }
        if (best == null) best = new Sequence.Result(new int[0], 0, "", Generation.FinishReason.CANCELLED, 0, 0);
        Generation.FinishReason finish = request.cancellation().isCancelled() ? Generation.FinishReason.CANCELLED : best.finish();
        if (!best.text().isEmpty()) listener.accept(best.text());
        var usage = new Generation.Usage(prompt.length, sampled, prefill, decode);
        return new Generation(prompt, best.tokens(), best.text(), finish, usage, best.meanLogProb(), promptLogits);
    }

    /** The session size for {@code request}: its prompt plus {@code maxTokens}, at most the context. */
    static int capacity(Model model, GenerationRequest request) {
        int[] prompt = request.promptTokens();
        int context = model.contextLength();
        if (prompt.length >= context) {
            throw new LlmException("the prompt has " + prompt.length + " tokens; the model's context holds " + context
                    + ", the prompt and at least one generated token: shorten the prompt");
        }
        return (int) Math.min(context, (long) prompt.length + Math.max(1, request.maxTokens()));
    }

    /** Where the tokens' logits come from: the session itself, or verified speculation. */
    interface TokenSource {
        /** The logits for the next token. */
        float[] logits();

        /** Consumes the chosen {@code token}; {@link #logits()} then gives the logits after it. */
        void feed(int token);

        /** Whether another token fits. */
        boolean room();
    }

    /** Each token computed by the session as it comes. */
    private static final class Plain implements TokenSource {
        private final Session session;
        private float[] logits;

        Plain(Session session, float[] promptLogits) {
            this.session = session;
            this.logits = promptLogits;
        }

        @Override
        public float[] logits() {
            return logits;
        }

        @Override
        public void feed(int token) {
            logits = session.next(token);
        }

        @Override
        public boolean room() {
            return session.position() < session.capacity();
        }
    }

    private Sequence.Result run(GenerationRequest request, Sampler.Settings settings, TokenSource source,
                                Consumer<String> listener) {
        Sequence sequence = new Sequence(model, request, settings, listener);
        int token;
        while ((token = sequence.step(source.logits(), source.room())) >= 0) source.feed(token);
        return sequence.result();
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /**
     * log softmax(logits)[token], for the mean log-probability of a generation; vectorized (a 128k vocabulary costs
     * 128k exponentials per token).
     */
    static double logSoftmax(float[] logits, int token) {
        int upper = F.loopBound(logits.length), i = 0;
        var maxes = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (; i < upper; i += F.length()) maxes = maxes.max(FloatVector.fromArray(F, logits, i));
        float max = maxes.reduceLanes(VectorOperators.MAX);
        for (; i < logits.length; i++) max = Math.max(max, logits[i]);
        var sums = FloatVector.zero(F);
        for (i = 0; i < upper; i += F.length()) {
            sums = sums.add(FloatVector.fromArray(F, logits, i).sub(max)
                    .lanewise(VectorOperators.EXP));
        }
        double sum = sums.reduceLanes(VectorOperators.ADD);
        for (; i < logits.length; i++) sum += Math.exp(logits[i] - max);
        return logits[token] - max - Math.log(sum);
    }
}
