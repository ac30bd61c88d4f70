package dev.cairn.server;

import dev.cairn.server.openai.ToolCall;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tool calls in what a local model wrote, in the forms chat templates teach: Hermes/Qwen
 * {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>} (any number), Mistral
 * {@code [TOOL_CALLS] [{...}]}, or a reply that is only such a JSON object or array (Llama 3.x, which may say
 * {@code parameters} for {@code arguments}). Anything that does not parse as a call stays text.
 */
final class ToolCallParser {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HERMES = Pattern.compile("<tool_call>\\s*(.*?)\\s*(</tool_call>|$)", Pattern.DOTALL);

    record Parsed(String content, List<ToolCall> calls) {}

    private ToolCallParser() {}

    static Parsed parse(String text) {
        var calls = new ArrayList<ToolCall>();
        if (text.contains("<tool_call>")) {
            Matcher m = HERMES.matcher(text);
            var rest = new StringBuilder();
            int last = 0;
            while (m.find()) {
                if (!addCalls(m.group(1), calls)) continue;
                rest.append(text, last, m.start());
                last = m.end();
            }
            rest.append(text.substring(last));
            return new Parsed(rest.toString().strip(), calls);
        }
        String t = text.strip();
        if (t.startsWith("[TOOL_CALLS]")) t = t.substring("[TOOL_CALLS]".length()).strip();
        if ((t.startsWith("{") || t.startsWith("[")) && addCalls(t, calls)) return new Parsed("", calls);
        return new Parsed(text, List.of());
    }

    /** Adds the call(s) in {@code json}; false (adding nothing) when it is not one call or an array of calls. */
    private static boolean addCalls(String json, List<ToolCall> out) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            return false;
        }
        var found = new ArrayList<ToolCall>();
        for (JsonNode n : node.isArray() ? node : List.of(node)) {
            ToolCall call = call(n);
            if (call == null) return false;
            found.add(call);
        }
        if (found.isEmpty()) return false;
        out.addAll(found);
        return true;
    }

    private static ToolCall call(JsonNode n) {
        if (!n.isObject() || !n.path("name").isString()) return null;
        JsonNode args = n.has("arguments") ? n.get("arguments") : n.get("parameters");
        String arguments;
        if (args == null || args.isNull()) arguments = "{}";
        else if (args.isString()) arguments = args.asString();
        else if (args.isObject()) arguments = args.toString();
        else return null;
        return ToolCall.function("call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24), n.get("name").asString(), arguments);
    }
}
