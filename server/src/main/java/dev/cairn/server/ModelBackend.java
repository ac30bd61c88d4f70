package dev.cairn.server;

import dev.cairn.server.openai.ToolCall;

import java.util.List;
import java.util.function.Consumer;

/**
 * What writes the server's completions: the built-in runtime on a GGUF file ({@link LocalBackend}), an
 * OpenAI-compatible server ({@link RemoteBackend}), or, with no model, extractive answers from the index
 * ({@link ExtractiveBackend}). Calls block until the reply is whole, passing its text to {@code pieces} as it comes;
 * they return early (finish reason {@code cancelled}) once the job's cancellation is raised. Safe to call from
 * many threads at once.
 */
public interface ModelBackend extends AutoCloseable {
    /** The id {@code /v1/models} lists and responses carry. */
    String modelId();

    /** Continues a conversation ({@link GenerationJob#messages()} is set). */
    Reply chat(GenerationJob job, Consumer<String> pieces);

    /** Continues a raw prompt ({@link GenerationJob#prompt()} is set). */
    Reply complete(GenerationJob job, Consumer<String> pieces);

    @Override
    default void close() {}

    /**
     * A finished reply.
     *
     * @param finishReason {@code stop}, {@code length}, {@code tool_calls} or {@code cancelled}
     * @param toolCalls    calls the model asked for (its text then holds what it said besides)
     */
    record Reply(String text, String finishReason, int promptTokens, int completionTokens, List<ToolCall> toolCalls) {
        public Reply {
            toolCalls = List.copyOf(toolCalls);
        }

        public Reply(String text, String finishReason, int promptTokens, int completionTokens) {
            this(text, finishReason, promptTokens, completionTokens, List.of());
        }
    }
}
