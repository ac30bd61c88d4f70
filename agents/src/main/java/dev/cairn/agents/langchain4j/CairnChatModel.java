package dev.cairn.agents.langchain4j;

import dev.cairn.agents.ChatModel;
import dev.cairn.agents.ChatRequest;
import dev.cairn.agents.ChatResponse;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.output.FinishReason;

import java.util.List;
import java.util.function.Consumer;

/**
 * A Cairn {@link ChatModel} (the built-in runtime's {@code LocalChatModel}, say) as a LangChain4j
 * {@code ChatModel}: LangChain4j's AI services and tools run on a local GGUF model.
 */
public final class CairnChatModel implements dev.langchain4j.model.chat.ChatModel {
    private final ChatModel model;

    public CairnChatModel(ChatModel model) {
        this.model = model;
    }

    @Override
    public dev.langchain4j.model.chat.response.ChatResponse doChat(dev.langchain4j.model.chat.request.ChatRequest request) {
        return call(model, request, text -> {});
    }

    static dev.langchain4j.model.chat.response.ChatResponse call(ChatModel model, dev.langchain4j.model.chat.request.ChatRequest request,
                                                                 Consumer<String> onText) {
        var messages = request.messages().stream().map(Messages::fromLangChain4j).toList();
        var tools = request.toolSpecifications() == null ? List.<dev.cairn.agents.ToolSpec>of()
                : request.toolSpecifications().stream().map(Messages::fromLangChain4j).toList();
        ChatResponse r = model.chat(ChatRequest.of(messages, tools), onText);
        List<ToolExecutionRequest> requests = r.message().toolCalls().stream().map(c -> ToolExecutionRequest.builder()
                .id(c.id()).name(c.name()).arguments(c.arguments().toString()).build()).toList();
        String text = r.message().text().isEmpty() ? null : r.message().text();
        AiMessage ai = requests.isEmpty() ? AiMessage.from(r.message().text()) : AiMessage.from(text, requests);
        return dev.langchain4j.model.chat.response.ChatResponse.builder().aiMessage(ai)
                .tokenUsage(new dev.langchain4j.model.output.TokenUsage(r.usage().input(), r.usage().output()))
                .finishReason(requests.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_EXECUTION)
                .modelName(model.name()).build();
    }
}
