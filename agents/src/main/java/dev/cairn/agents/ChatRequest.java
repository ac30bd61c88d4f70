package dev.cairn.agents;

import java.util.List;

/**
 * What a chat model is asked: the conversation, the tools it may call (none: it must answer in prose), and the
 * sample number: 0 for the normal answer, 1, 2, ... for extra independent samples (self-consistency), which a
 * model may use as a seed offset.
 */
public record ChatRequest(List<ChatMessage> messages, List<ToolSpec> tools, int sample) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        if (messages.isEmpty()) throw new AgentException("a chat request needs at least one message");
    }

    public static ChatRequest of(List<ChatMessage> messages, List<ToolSpec> tools) {
        return new ChatRequest(messages, tools, 0);
    }

    public ChatRequest withSample(int sample) {
        return new ChatRequest(messages, tools, sample);
    }
}
