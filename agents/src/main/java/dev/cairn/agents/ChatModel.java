package dev.cairn.agents;

import java.util.function.Consumer;

/**
 * A chat model that can call tools. Implementations: the built-in runtime ({@code dev.cairn.agents.local}) and
 * any LangChain4j {@code ChatModel} ({@code dev.cairn.agents.langchain4j}).
 */
public interface ChatModel {
    /**
     * The model's next turn. Prose is streamed to {@code onText} as it is generated (all at once by models that
     * cannot stream); tool calls arrive only in the response.
     */
    ChatResponse chat(ChatRequest request, Consumer<String> onText);

    default ChatResponse chat(ChatRequest request) {
        return chat(request, text -> {});
    }

    /** A name for traces and errors. */
    default String name() {
        return getClass().getSimpleName();
    }
}
