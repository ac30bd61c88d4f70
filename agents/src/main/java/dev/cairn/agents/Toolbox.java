package dev.cairn.agents;

import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.ContentBlock;
import dev.cairn.mcp.schema.EmbeddedResource;
import dev.cairn.mcp.schema.ResourceLink;
import dev.cairn.mcp.schema.TextContent;
import dev.cairn.mcp.schema.TextResourceContents;
import dev.cairn.mcp.schema.Tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools of every connected MCP server under one namespace. A name offered by two servers keeps its plain
 * name on the first and becomes {@code <server>_<name>} on the later ones, so the model can tell them apart.
 */
final class Toolbox {
    /** Results longer than this many characters are cut (saying so) before the model sees them. */
    static final int MAX_RESULT_CHARS = 16_000;

    record Entry(String exposedName, String server, McpClient client, Tool tool) {
        ToolSpec spec() {
            String description = tool.description() != null ? tool.description() : tool.title() != null ? tool.title() : "";
            return new ToolSpec(exposedName, description, tool.inputSchema());
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Toolbox(Map<String, McpClient> servers) {
        for (var server : servers.entrySet()) {
            List<Tool> tools;
            try {
                tools = server.getValue().listAllTools();
            } catch (RuntimeException e) {
                throw new AgentException("cannot list the tools of MCP server '" + server.getKey() + "': " + e.getMessage(), e);
            }
            for (Tool tool : tools) {
                String name = entries.containsKey(tool.name()) ? server.getKey().replaceAll("[^A-Za-z0-9_-]", "_") + "_" + tool.name() : tool.name();
                entries.put(name, new Entry(name, server.getKey(), server.getValue(), tool));
            }
        }
    }

    List<ToolSpec> specs() {
        return entries.values().stream().map(Entry::spec).toList();
    }

    Entry find(String name) {
        return entries.get(name);
    }

    List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    /** A result as text for the model: text blocks as they are, other blocks described, structured content if nothing else. */
    static String text(CallToolResult result) {
        StringBuilder s = new StringBuilder();
        for (ContentBlock block : result.content()) {
            if (!s.isEmpty()) s.append('\n');
            switch (block) {
                case TextContent t -> s.append(t.text());
                case ResourceLink link -> s.append("[resource ").append(link.uri()).append(']');
                case EmbeddedResource r when r.resource() instanceof TextResourceContents t -> s.append(t.text());
                case EmbeddedResource r -> s.append("[binary resource ").append(r.resource().uri()).append(']');
                default -> s.append('[').append(block.getClass().getSimpleName().replace("Content", "").toLowerCase()).append(" content]");
            }
        }
        if (s.isEmpty() && result.structuredContent() != null) s.append(result.structuredContent());
        return cut(s.toString());
    }

    static String cut(String text) {
        if (text.length() <= MAX_RESULT_CHARS) return text;
        return text.substring(0, MAX_RESULT_CHARS) + "\n[... " + (text.length() - MAX_RESULT_CHARS) + " more characters cut]";
    }
}
