package dev.cairn.agents.langchain4j;

import dev.cairn.agents.AgentException;
import dev.cairn.agents.ChatMessage;
import dev.cairn.agents.TokenUsage;
import dev.cairn.agents.ToolCall;
import dev.cairn.agents.ToolSpec;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Cairn's chat messages, tool specs and tool calls to LangChain4j's and back. */
final class Messages {
    private Messages() {
    }

    static dev.langchain4j.data.message.ChatMessage toLangChain4j(ChatMessage m) {
        return switch (m) {
            case ChatMessage.System s -> SystemMessage.from(s.text());
            case ChatMessage.User u -> UserMessage.from(u.text());
            case ChatMessage.Assistant a -> {
                List<ToolExecutionRequest> requests = a.toolCalls().stream().map(c -> ToolExecutionRequest.builder()
                        .id(c.id()).name(c.name()).arguments(c.arguments().toString()).build()).toList();
                yield requests.isEmpty() ? AiMessage.from(a.text()) : AiMessage.from(a.text().isEmpty() ? null : a.text(), requests);
            }
            case ChatMessage.ToolResult t -> ToolExecutionResultMessage.from(t.callId(), t.toolName(), t.content());
        };
    }

    static ChatMessage fromLangChain4j(dev.langchain4j.data.message.ChatMessage m) {
        return switch (m) {
            case SystemMessage s -> new ChatMessage.System(s.text());
            case UserMessage u -> {
                if (!u.hasSingleText()) throw new AgentException("only text user messages are supported, not " + u.contents());
                yield new ChatMessage.User(u.singleText());
            }
            case AiMessage a -> {
                List<ToolCall> calls = new ArrayList<>();
                List<String> problems = new ArrayList<>();
                if (a.hasToolExecutionRequests()) calls.addAll(toolCalls(a.toolExecutionRequests(), problems));
                if (!problems.isEmpty()) throw new AgentException(String.join("; ", problems));
                yield new ChatMessage.Assistant(a.text(), calls);
            }
            case ToolExecutionResultMessage t -> new ChatMessage.ToolResult(t.id(), t.toolName(), t.text(), Boolean.TRUE.equals(t.isError()));
            default -> throw new AgentException("unsupported LangChain4j message type " + m.type());
        };
    }

    static List<ToolCall> toolCalls(List<ToolExecutionRequest> requests, List<String> problems) {
        List<ToolCall> calls = new ArrayList<>();
        int n = 0;
        for (ToolExecutionRequest r : requests) {
            String id = r.id() == null || r.id().isBlank() ? "call_" + n : r.id();
            n++;
            String args = r.arguments() == null || r.arguments().isBlank() ? "{}" : r.arguments();
            try {
                JsonNode node = JsonSchemas.JSON.readTree(args);
                if (node instanceof ObjectNode o) calls.add(new ToolCall(id, r.name(), o));
                else problems.add("the arguments of " + r.name() + " are not a JSON object: " + args);
            } catch (JacksonException e) {
                problems.add("the arguments of " + r.name() + " are not valid JSON: " + args);
            }
        }
        return calls;
    }

    static ToolSpecification toLangChain4j(ToolSpec spec) {
        return ToolSpecification.builder().name(spec.name()).description(spec.description())
                .parameters(JsonSchemas.toObjectSchema(spec.parameters())).build();
    }

    static ToolSpec fromLangChain4j(ToolSpecification spec) {
        ObjectNode parameters = spec.parameters() == null ? JsonSchemas.JSON.createObjectNode().put("type", "object")
                : JsonSchemas.toJson(spec.parameters());
        return new ToolSpec(spec.name(), spec.description(), parameters);
    }

    static TokenUsage usage(dev.langchain4j.model.output.TokenUsage u) {
        if (u == null) return TokenUsage.NONE;
        return new TokenUsage(u.inputTokenCount() == null ? 0 : u.inputTokenCount(), u.outputTokenCount() == null ? 0 : u.outputTokenCount());
    }
}
