package dev.cairn.agents.local;

import dev.cairn.agents.AgentException;
import dev.cairn.agents.ChatMessage;
import dev.cairn.agents.ChatModel;
import dev.cairn.agents.ChatRequest;
import dev.cairn.agents.ChatResponse;
import dev.cairn.agents.TokenUsage;
import dev.cairn.agents.ToolCall;
import dev.cairn.agents.ToolSpec;
import dev.cairn.llm.LlmException;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.cairn.llm.tools.ModelToolCall;
import dev.cairn.llm.tools.ToolChat;
import dev.cairn.llm.tools.ToolCallFormat;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The built-in runtime as a Cairn {@link ChatModel}: the conversation and tools rendered by the GGUF's own chat
 * template, tool calls parsed in the family's format ({@link ToolCallFormat}). With {@code forceToolCall} the
 * first turn after a user message, when tools are offered, is decoded under the tools' JSON Schemas, so it is
 * always a valid call even from a small model; turns after tool results are free (the model answers or calls
 * again). One generation at a time.
 *
 * <p>Prose is streamed as it is generated; text that could be the start of a tool call is held back and, when it
 * is one, never shown.
 */
public final class LocalChatModel implements ChatModel {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Model model;
    private final ToolChat chat;
    private final int maxTokens;
    private final Sampler.Settings sampling;
    private final boolean forceToolCall;
    private final String name;
    private int callIds;

    public LocalChatModel(Model model, int maxTokens, Sampler.Settings sampling, boolean forceToolCall, String name) {
        this.model = Objects.requireNonNull(model, "model");
        this.chat = new ToolChat(model);
        this.maxTokens = maxTokens;
        this.sampling = sampling;
        this.forceToolCall = forceToolCall;
        this.name = name;
    }

    public ToolCallFormat format() {
        return chat.format();
    }

    /** Tokens of {@code text} under this model's tokenizer (for memory budgets). */
    public int countTokens(String text) {
        return model.tokenizer().encode(text).length;
    }

    @Override
    public synchronized ChatResponse chat(ChatRequest request, Consumer<String> onText) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (ChatMessage m : request.messages()) messages.add(render(m));
        List<Map<String, Object>> tools = new ArrayList<>();
        for (ToolSpec t : request.tools()) tools.add(render(t));
        Sampler.Settings settings = request.sample() == 0 ? sampling
                : (sampling.temperature() == 0 ? Sampler.Settings.defaults(request.sample()) : sampling.withSeed(sampling.seed() + request.sample()));
        var options = ToolChat.Options.defaults().withMaxTokens(maxTokens).withSampling(settings)
                .withForceToolCall(forceToolCall && !tools.isEmpty() && request.messages().getLast() instanceof ChatMessage.User);
        ProseStream prose = new ProseStream(chat.format(), onText);
        ToolChat.Reply reply;
        try {
            reply = chat.generate(messages, tools, options, prose::accept);
        } catch (LlmException | dev.cairn.jinja.TemplateException e) {
            throw new AgentException("the local model " + name + " could not answer: " + e.getMessage(), e);
        }
        List<ToolCall> calls = new ArrayList<>();
        for (ModelToolCall c : reply.parsed().toolCalls()) {
            calls.add(new ToolCall(nextId(), c.name(), JSON.valueToTree(c.arguments()) instanceof ObjectNode o ? o : JSON.createObjectNode()));
        }
        if (calls.isEmpty()) prose.finish();
        String text = reply.parsed().content();
        return new ChatResponse(new ChatMessage.Assistant(text, calls), new TokenUsage(reply.promptTokens(), reply.generatedTokens()),
                reply.parsed().problems());
    }

    /** Nine alphanumeric characters: Mistral's templates reject any other id. */
    private String nextId() {
        return String.format("call%05d", callIds++ % 100_000);
    }

    static Map<String, Object> render(ChatMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (m) {
            case ChatMessage.System s -> {
                out.put("role", "system");
                out.put("content", s.text());
            }
            case ChatMessage.User u -> {
                out.put("role", "user");
                out.put("content", u.text());
            }
            case ChatMessage.Assistant a -> {
                out.put("role", "assistant");
                out.put("content", a.text());
                if (a.hasToolCalls()) {
                    List<Map<String, Object>> calls = new ArrayList<>();
                    for (ToolCall c : a.toolCalls()) {
                        calls.add(Map.of("id", c.id(), "type", "function",
                                "function", Map.of("name", c.name(), "arguments", JSON.convertValue(c.arguments(), Map.class))));
                    }
                    out.put("tool_calls", calls);
                }
            }
            case ChatMessage.ToolResult t -> {
                out.put("role", "tool");
                out.put("tool_call_id", t.callId());
                out.put("name", t.toolName());
                out.put("content", t.content());
            }
        }
        return out;
    }

    static Map<String, Object> render(ToolSpec t) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", t.name());
        function.put("description", t.description());
        function.put("parameters", JSON.convertValue(t.parameters(), Map.class));
        return Map.of("type", "function", "function", function);
    }

    @Override
    public String name() {
        return name;
    }
}
