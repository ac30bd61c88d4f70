package dev.cairn.server;

import dev.cairn.llm.Cancellation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One generation, already validated: a conversation ({@code messages}, maps as chat templates read them, with
 * {@code tools} in OpenAI's shape) or a raw {@code prompt}; at most {@code maxTokens} tokens (0: the backend's
 * default); sampling fields are null when the client left them to the backend.
 */
public record GenerationJob(List<Map<String, Object>> messages, List<Map<String, Object>> tools, String prompt,
                            int maxTokens, Double temperature, Double topP, Long seed, Double presencePenalty,
                            Double frequencyPenalty, List<String> stop, Cancellation cancellation) {
    public GenerationJob {
        Objects.requireNonNull(cancellation, "cancellation");
        if ((messages == null) == (prompt == null)) throw new IllegalArgumentException("give messages or a prompt, not both");
        tools = tools == null ? List.of() : List.copyOf(tools);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** A greedy chat job of one user message (the web UI's grounded prompt). */
    public static GenerationJob ofUserMessage(String text, int maxTokens, Cancellation cancellation) {
        return new GenerationJob(List.of(Map.of("role", "user", "content", text)), List.of(), null, maxTokens,
                0.0, null, null, null, null, List.of(), cancellation);
    }

    /** The text of the last user message, or empty. */
    public String lastUserText() {
        if (messages == null) return prompt;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).get("role"))) return String.valueOf(messages.get(i).getOrDefault("content", ""));
        }
        return "";
    }
}
