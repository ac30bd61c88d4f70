package dev.cairn.server;

import dev.cairn.llm.Generation;
import dev.cairn.llm.GenerationRequest;
import dev.cairn.llm.LlmException;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.cairn.server.openai.ToolCall;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cairn's own runtime on a GGUF model: conversations go through the model's chat template (with the offered tools),
 * raw prompts are tokenized as they are. Tool calls in the text the model writes are recognized by
 * {@link ToolCallParser}. Generations run through a {@link Decoder}: llm's continuous batching
 * ({@link BatchedDecoder}: concurrent requests share decode steps) or one generation per request.
 */
public final class LocalBackend implements ModelBackend {
    static final int DEFAULT_MAX_TOKENS = 512;

    /** Runs one generation; implementations may batch concurrent calls. */
    @FunctionalInterface
    public interface Decoder {
        Generation generate(GenerationRequest request, Consumer<String> listener);
    }

    private final Model model;
    private final String id;
    private final Decoder decoder;
    private final boolean owned;

    private LocalBackend(Model model, String id, Decoder decoder, boolean owned) {
        this.model = model;
        this.id = id;
        this.decoder = decoder;
        this.owned = owned;
    }

    /**
     * Loads {@code gguf} (its id is the file name without {@code .gguf}) and generates with continuous batching of
     * up to {@code maxSequences} concurrent requests, or one generation per request when {@code maxSequences} is 0.
     * Closing the backend stops the batch and closes the model.
     */
    public static LocalBackend load(Path gguf, int maxSequences) {
        Model model = Model.load(gguf);
        try {
            Decoder decoder = maxSequences > 0 ? new BatchedDecoder(model, maxSequences) : model::generate;
            return new LocalBackend(model, idOf(gguf), decoder, true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * A backend over a model the caller owns, batching up to {@code maxSequences} concurrent requests; closing it
     * stops the batch, not the model.
     */
    public static LocalBackend batched(Model model, String id, int maxSequences) {
        return new LocalBackend(model, id, new BatchedDecoder(model, maxSequences), false);
    }

    /** A backend over a model the caller owns, generating through {@code decoder}. */
    public static LocalBackend of(Model model, String id, Decoder decoder) {
        return new LocalBackend(model, id, decoder, false);
    }

    static String idOf(Path gguf) {
        String name = gguf.getFileName().toString();
        return name.endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
    }

    public Model model() {
        return model;
    }

    @Override
    public String modelId() {
        return id;
    }

    @Override
    public Reply chat(GenerationJob job, Consumer<String> pieces) {
        int[] prompt;
        try {
            prompt = model.chatPrompt(job.messages(), job.tools());
        } catch (RuntimeException e) {
            throw new ServerException(400, "invalid_request_error", "messages", null,
                    "the model's chat template cannot render these messages: " + e.getMessage());
        }
        Reply reply = run(prompt, job, pieces);
        if (job.tools().isEmpty()) return reply;
        ToolCallParser.Parsed parsed = ToolCallParser.parse(reply.text());
        if (parsed.calls().isEmpty()) return reply;
        List<ToolCall> calls = parsed.calls();
        return new Reply(parsed.content(), "tool_calls", reply.promptTokens(), reply.completionTokens(), calls);
    }

    @Override
    public Reply complete(GenerationJob job, Consumer<String> pieces) {
        return run(model.encode(job.prompt()), job, pieces);
    }

    private Reply run(int[] prompt, GenerationJob job, Consumer<String> pieces) {
        int context = model.contextLength();
        if (prompt.length >= context)
            throw new ServerException(400, "invalid_request_error", "messages", "context_length_exceeded",
                    "the prompt has " + prompt.length + " tokens; " + id + "'s context holds " + context
                            + " (the prompt and at least one generated token): shorten the prompt");
        int max = job.maxTokens() > 0 ? job.maxTokens() : DEFAULT_MAX_TOKENS;
        max = Math.min(max, context - prompt.length);
        GenerationRequest request = GenerationRequest.of(prompt).withMaxTokens(max).withSampling(sampling(job))
                .withStop(job.stop()).withCancellation(job.cancellation());
        Generation g;
        try {
            g = decoder.generate(request, pieces);
        } catch (LlmException e) {
            throw new ServerException(400, "invalid_request_error", null, null, e.getMessage());
        }
        String finish = switch (g.finishReason()) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case CANCELLED -> "cancelled";
        };
        return new Reply(g.text(), finish, g.usage().promptTokens(), g.tokens().length);
    }

    /** llama.cpp's defaults where the client gave nothing; temperature 0 is greedy. */
    static Sampler.Settings sampling(GenerationJob job) {
        long seed = job.seed() != null ? job.seed() : System.nanoTime();
        Sampler.Settings d = Sampler.Settings.defaults(seed);
        float temperature = job.temperature() == null ? d.temperature() : job.temperature().floatValue();
        float topP = job.topP() == null ? d.topP() : job.topP().floatValue();
        Sampler.Settings s = new Sampler.Settings(temperature, d.topK(), topP, d.minP(), seed);
        float presence = job.presencePenalty() == null ? 0f : job.presencePenalty().floatValue();
        float frequency = job.frequencyPenalty() == null ? 0f : job.frequencyPenalty().floatValue();
        return presence == 0 && frequency == 0 ? s : s.withPenalties(1f, presence, frequency, 64);
    }

    @Override
    public void close() {
        try {
            if (decoder instanceof BatchedDecoder batch) batch.close();
        } finally {
            if (owned) model.close();
        }
    }
}
