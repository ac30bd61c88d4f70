package dev.cairn.llm.tools;

import dev.cairn.llm.LlmException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a model family writes tool calls, told from its chat template, with a parser for each:
 * <ul>
 * <li>{@link #HERMES}: Hermes 2/3, Qwen 2.5/3 and the fallback: {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}, one block per call;</li>
 * <li>{@link #LLAMA3_JSON}: Llama 3.1+ JSON calling: the whole reply is {@code {"name": ..., "parameters": {...}}}
 * (several separated by {@code ;}), optionally after {@code <|python_tag|>};</li>
 * <li>{@link #MISTRAL}: {@code [TOOL_CALLS][{"name": ..., "arguments": {...}}, ...]} (Mistral v3, Nemo);</li>
 * <li>{@link #MISTRAL_ARGS}: {@code [TOOL_CALLS]name[ARGS]{...}} per call (Mistral Small 3.2, Devstral).</li>
 * </ul>
 * Every parser accepts {@code "arguments"} or {@code "parameters"}, and arguments written as a JSON string holding
 * an object. Text that only mentions a call (a sentence with JSON in it) is prose: a reply is a call only in the
 * places the family puts calls.
 */
public enum ToolCallFormat {
    HERMES("<tool_call>\n", "{\"name\": ", true, ", \"arguments\": ", "}", "\n</tool_call>"),
    LLAMA3_JSON("", "{\"name\": ", true, ", \"parameters\": ", "}", ""),
    MISTRAL("[TOOL_CALLS][", "{\"name\": ", true, ", \"arguments\": ", "}", "]"),
    MISTRAL_ARGS("[TOOL_CALLS]", "", false, "[ARGS]", "", "");

    private static final String TOOL_CALLS = "[TOOL_CALLS]";

    final String prefix;
    final String namePrefix;
    final boolean quotedName;
    final String argumentsPrefix;
    final String close;
    final String suffix;

    ToolCallFormat(String prefix, String namePrefix, boolean quotedName, String argumentsPrefix, String close, String suffix) {
        this.prefix = prefix;
        this.namePrefix = namePrefix;
        this.quotedName = quotedName;
        this.argumentsPrefix = argumentsPrefix;
        this.close = close;
        this.suffix = suffix;
    }

    /** The format a chat template asks for; {@link #HERMES} when it shows none (including templates without tools). */
    public static ToolCallFormat detect(String templateSource) {
        if (templateSource.contains(TOOL_CALLS)) return templateSource.contains("[ARGS]") ? MISTRAL_ARGS : MISTRAL;
        if (templateSource.contains("<tool_call>")) return HERMES;
        if (templateSource.contains("<|start_header_id|>") && templateSource.contains("parameters")) return LLAMA3_JSON;
        return HERMES;
    }

    /** Whether a chat template renders a {@code tools} list at all (else tools must be described in a message). */
    public static boolean rendersTools(String templateSource) {
        return templateSource.contains("tools");
    }

    /** The reply's prose and tool calls. */
    public ParsedReply parse(String reply) {
        List<ModelToolCall> calls = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String content = switch (this) {
            case HERMES -> hermes(reply, calls, problems);
            case LLAMA3_JSON -> llama(reply, calls, problems);
            case MISTRAL, MISTRAL_ARGS -> mistral(reply, calls, problems);
        };
        return new ParsedReply(content.strip(), calls, problems);
    }

    private static String hermes(String reply, List<ModelToolCall> calls, List<String> problems) {
        StringBuilder content = new StringBuilder();
        int at = 0;
        while (true) {
            int open = reply.indexOf("<tool_call>", at);
            if (open < 0) {
                content.append(reply, at, reply.length());
                return content.toString();
            }
            content.append(reply, at, open);
            int body = open + "<tool_call>".length();
            int end = reply.indexOf("</tool_call>", body);
            String json = end < 0 ? reply.substring(body) : reply.substring(body, end);
            read(json.strip(), calls, problems);
            if (end < 0) return content.toString();
            at = end + "</tool_call>".length();
        }
    }

    private static String llama(String reply, List<ModelToolCall> calls, List<String> problems) {
        String text = reply.strip();
        if (text.startsWith("<|python_tag|>")) text = text.substring("<|python_tag|>".length()).strip();
        if (!text.startsWith("{")) return reply;
        int at = 0;
        while (at < text.length()) {
            ToolJson.Parsed parsed;
            try {
                parsed = ToolJson.parseValue(text, at);
            } catch (LlmException e) {
                problems.add("a tool call that is not valid JSON: " + e.getMessage());
                return "";
            }
            add(parsed.value(), calls, problems);
            at = parsed.end();
            while (at < text.length() && (Character.isWhitespace(text.charAt(at)) || text.charAt(at) == ';')) at++;
            if (at < text.length() && text.charAt(at) != '{') {
                problems.add("text after a tool call: " + text.substring(at));
                return "";
            }
        }
        return "";
    }

    private static String mistral(String reply, List<ModelToolCall> calls, List<String> problems) {
        int first = reply.indexOf(TOOL_CALLS);
        if (first < 0) return reply;
        String content = reply.substring(0, first);
        int at = first;
        while (at >= 0 && at < reply.length()) {
            int start = at + TOOL_CALLS.length();
            int next = reply.indexOf(TOOL_CALLS, start);
            String part = (next < 0 ? reply.substring(start) : reply.substring(start, next)).strip();
            int args = part.indexOf("[ARGS]");
            if (part.startsWith("[")) {
                try {
                    Object value = ToolJson.parse(part);
                    if (value instanceof List<?> list) for (Object o : list) add(o, calls, problems);
                    else problems.add("[TOOL_CALLS] is not followed by a JSON array");
                } catch (LlmException e) {
                    problems.add("a tool call that is not valid JSON: " + e.getMessage());
                }
            } else if (args > 0) {
                String name = part.substring(0, args).strip();
                try {
                    Object value = ToolJson.parse(part.substring(args + "[ARGS]".length()));
                    Map<String, Object> arguments = arguments(value, name, problems);
                    if (arguments != null) calls.add(new ModelToolCall(name, arguments));
                } catch (LlmException e) {
                    problems.add("the arguments of " + name + " are not valid JSON: " + e.getMessage());
                }
            } else {
                problems.add("[TOOL_CALLS] is followed by neither a JSON array nor name[ARGS]{...}");
            }
            at = next;
        }
        return content;
    }

    private static void read(String json, List<ModelToolCall> calls, List<String> problems) {
        try {
            add(ToolJson.parse(json), calls, problems);
        } catch (LlmException e) {
            problems.add("a tool call that is not valid JSON: " + e.getMessage());
        }
    }

    private static void add(Object value, List<ModelToolCall> calls, List<String> problems) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("name") instanceof String name) || name.isBlank()) {
            problems.add("a tool call without a \"name\": " + ToolJson.write(value));
            return;
        }
        Object raw = map.containsKey("arguments") ? map.get("arguments") : map.get("parameters");
        Map<String, Object> arguments = arguments(raw, name, problems);
        if (arguments != null) calls.add(new ModelToolCall(name, arguments));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(Object raw, String name, List<String> problems) {
        if (raw == null) return Map.of();
        if (raw instanceof String s) {
            try {
                raw = ToolJson.parse(s);
            } catch (LlmException e) {
                problems.add("the arguments of " + name + " are a string that is not a JSON object");
                return null;
            }
        }
        if (raw instanceof Map<?, ?> m) return (Map<String, Object>) m;
        problems.add("the arguments of " + name + " are not a JSON object");
        return null;
    }

    /** The automaton for one call in this format, after {@link #prefix}. */
    SchemaMatcher.Frame grammar(SchemaMatcher matcher, Map<String, ? extends Map<String, ?>> parametersByName) {
        return matcher.call(parametersByName, namePrefix, quotedName, argumentsPrefix, close);
    }
}
