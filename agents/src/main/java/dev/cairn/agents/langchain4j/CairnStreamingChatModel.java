package dev.cairn.agents.langchain4j;

import dev.cairn.agents.ChatModel;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * A Cairn {@link ChatModel} as a LangChain4j {@code StreamingChatModel}: prose arrives through
 * {@code onPartialResponse} as the model generates it, then the complete response (with any tool calls).
 * The call runs on the caller's thread; errors go to {@code onError}.
 */
public final class CairnStreamingChatModel implements dev.langchain4j.model.chat.StreamingChatModel {
    private final ChatModel model;

    public CairnStreamingChatModel(ChatModel model) {
        this.model = model;
    }

    @Override
    public void doChat(dev.langchain4j.model.chat.request.ChatRequest request, StreamingChatResponseHandler handler) {
        dev.langchain4j.model.chat.response.ChatResponse response;
        try {
            response = CairnChatModel.call(model, request, handler::onPartialResponse);
        } catch (RuntimeException e) {
            handler.onError(e);
            return;
        }
        handler.onCompleteResponse(response);
    }
}
