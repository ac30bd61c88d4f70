package dev.cairn.agents;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Test double for {@link ChatModel}: each turn is answered by the next function of a script, which sees the whole
 * request (messages, tools, sample). A capable instruct LLM cannot run on this machine (2 shared cores, no
 * weights beyond tiny test models), so the agent loop's logic is tested against scripted turns; the real model
 * paths are tested separately (tiny GGUF models, an OpenAI-compatible HTTP server through LangChain4j).
 * Records every request it was sent.
 */
final class ScriptedChatModel implements ChatModel {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Function<ChatRequest, ChatResponse>> script;
    final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private int next;

    @SafeVarargs
    ScriptedChatModel(Function<ChatRequest, ChatResponse>... turns) {
        this.script = List.of(turns);
    }

    @Override
    public synchronized ChatResponse chat(ChatRequest request, Consumer<String> onText) {
        requests.add(request);
        if (next >= script.size()) throw new AssertionError("the script has only " + script.size() + " turns; request: " + request);
        ChatResponse r = script.get(next++).apply(request);
        if (!r.message().text().isEmpty()) onText.accept(r.message().text());
        return r;
    }

    static ChatResponse answer(String text) {
        return new ChatResponse(ChatMessage.Assistant.of(text), new TokenUsage(10, 5));
    }

    static ChatResponse calls(ToolCall... calls) {
        return new ChatResponse(new ChatMessage.Assistant("", List.of(calls)), new TokenUsage(10, 5));
    }

    static ToolCall call(String id, String tool, String argumentsJson) {
        return new ToolCall(id, tool, (ObjectNode) JSON.readTree(argumentsJson));
    }

    /** The text of the tool results in a request, in order. */
    static List<String> toolResults(ChatRequest request) {
        return request.messages().stream().filter(m -> m instanceof ChatMessage.ToolResult)
                .map(m -> ((ChatMessage.ToolResult) m).content()).toList();
    }

    static String lastToolResult(ChatRequest request) {
        List<String> results = toolResults(request);
        return results.isEmpty() ? "" : results.getLast();
    }
}
