package dev.cairn.agents.langchain4j;

import dev.cairn.agents.AgentException;
import dev.cairn.agents.ChatMessage;
import dev.cairn.agents.ChatModel;
import dev.cairn.agents.ChatRequest;
import dev.cairn.agents.ChatResponse;
import dev.cairn.agents.ToolCall;
import dev.langchain4j.data.message.AiMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Any LangChain4j {@code ChatModel} (OpenAI-compatible servers, Ollama, ...) as a Cairn {@link ChatModel}, so it
 * can drive an agent. Tool calls come back structured from the provider, never parsed out of prose. Extra samples
 * (self-consistency) are asked at temperature 0.8.
 */
public final class LangChain4jChatModel implements ChatModel {
    private final dev.langchain4j.model.chat.ChatModel delegate;
    private final dev.langchain4j.model.chat.StreamingChatModel streaming;
    private final String name;

    public LangChain4jChatModel(dev.langchain4j.model.chat.ChatModel delegate, String name) {
        this(delegate, null, name);
    }

    /** With a streaming twin of the same model, prose is streamed as it arrives (calls still come whole). */
    public LangChain4jChatModel(dev.langchain4j.model.chat.ChatModel delegate, dev.langchain4j.model.chat.StreamingChatModel streaming,
                                String name) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.streaming = streaming;
        this.name = name;
    }

    @Override
    public ChatResponse chat(ChatRequest request, Consumer<String> onText) {
        var builder = dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(request.messages().stream().map(Messages::toLangChain4j).toList());
        if (!request.tools().isEmpty()) builder.toolSpecifications(request.tools().stream().map(Messages::toLangChain4j).toList());
        if (request.sample() > 0) builder.temperature(0.8);
        dev.langchain4j.model.chat.response.ChatResponse response;
        boolean streamed = streaming != null;
        try {
            response = streamed ? stream(builder.build(), onText) : delegate.chat(builder.build());
        } catch (RuntimeException e) {
            throw new AgentException("the model " + name + " failed: " + e.getMessage(), e);
        }
        AiMessage ai = response.aiMessage();
        List<String> problems = new ArrayList<>();
        List<ToolCall> calls = ai.hasToolExecutionRequests() ? Messages.toolCalls(ai.toolExecutionRequests(), problems) : List.of();
        String text = ai.text() == null ? "" : ai.text();
        if (!text.isEmpty() && !streamed) onText.accept(text);
        return new ChatResponse(new ChatMessage.Assistant(text, calls), Messages.usage(response.tokenUsage()), problems);
    }

    private dev.langchain4j.model.chat.response.ChatResponse stream(dev.langchain4j.model.chat.request.ChatRequest request,
                                                                     Consumer<String> onText) {
        var done = new java.util.concurrent.CompletableFuture<dev.langchain4j.model.chat.response.ChatResponse>();
        streaming.chat(request, new dev.langchain4j.model.chat.response.StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                onText.accept(partial);
            }

            @Override
            public void onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("interrupted while " + name + " was answering", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new AgentException(String.valueOf(cause.getMessage()), cause);
        }
    }

    @Override
    public String name() {
        return name;
    }
}
