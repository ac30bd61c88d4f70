package dev.cairn.mcp.interop;

import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.McpException;
import dev.cairn.mcp.conformance.NodePackages;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.ClientCapabilities;
import dev.cairn.mcp.schema.ListChanged;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.transport.StdioClientTransport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cairn's client against the official reference server, {@code @modelcontextprotocol/server-everything}
 * from npm, over stdio: it lists every tool and calls each one (answering the server's sampling, elicitation
 * and roots requests), reads a resource and gets a prompt. {@code -Dcairn.mcp.conformance=skip} leaves it out.
 */
@Timeout(300)
class EverythingServerTest {
    static final String EVERYTHING = "@modelcontextprotocol/server-everything@2026.8.31";

    @Test
    void listsAndCallsEveryTool() throws Exception {
        Assumptions.assumeFalse("skip".equals(System.getProperty("cairn.mcp.conformance")), "npm interop skipped");
        Assumptions.assumeTrue(NodePackages.supportedPlatform(), "Node from npm is installed for linux-x64 only");
        Path home = NodePackages.install("interop-everything", EVERYTHING);
        Path script = home.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        ObjectNode form = JsonCodec.object();
        form.putObject("form");
        McpClient.Builder builder = McpClient.builder()
                .capabilities(new ClientCapabilities(null, new ListChanged(false), JsonCodec.object(), form, null))
                .requestTimeout(Duration.ofSeconds(30))
                .onRequest("sampling/createMessage", params -> {
                    ObjectNode result = JsonCodec.object().put("role", "assistant").put("model", "cairn-test");
                    result.putObject("content").put("type", "text").put("text", "sampled by Cairn");
                    return result;
                })
                .onRequest("elicitation/create", params -> JsonCodec.object().put("action", "decline"))
                .onRequest("roots/list", params -> {
                    ObjectNode result = JsonCodec.object();
                    result.putArray("roots").addObject().put("uri", "file:///tmp").put("name", "tmp");
                    return result;
                });
        List<String> called = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (McpClient client = builder.connect(StdioClientTransport.command(NodePackages.node(home).toString(),
                script.toString(), "stdio"))) {
            List<Tool> tools = client.listAllTools();
            assertTrue(tools.size() >= 10, "the everything server lists its tools: " + tools);
            for (Tool tool : tools) {
                try {
                    CallToolResult result = client.callTool(tool.name(), arguments(tool));
                    called.add(tool.name() + (result.failed() ? " (isError)" : ""));
                } catch (McpException e) {
                    failures.add(tool.name() + ": " + e.code() + " " + e.getMessage());
                }
            }
            assertTrue(!client.listAllResources().isEmpty(), "resources");
            client.readResource(client.listAllResources().getFirst().uri());
            var prompt = client.listAllPrompts().getFirst();
            Map<String, String> promptArguments = new java.util.HashMap<>();
            if (prompt.arguments() != null) {
                prompt.arguments().stream().filter(a -> Boolean.TRUE.equals(a.required()))
                        .forEach(a -> promptArguments.put(a.name(), "1"));
            }
            client.getPrompt(prompt.name(), promptArguments);
            client.ping();
        }
        System.out.println("server-everything tools called: " + called);
        assertTrue(failures.isEmpty(), "protocol errors: " + failures + "; called: " + called);
    }

    /** Arguments for a tool's required parameters, from its schema: the first enum value or default, else a plain value. */
    static ObjectNode arguments(Tool tool) {
        ObjectNode arguments = JsonCodec.object();
        JsonNode properties = tool.inputSchema().path("properties");
        for (JsonNode required : tool.inputSchema().path("required")) {
            String name = required.asString();
            JsonNode property = properties.path(name);
            if (property.has("default")) {
                arguments.set(name, property.get("default"));
            } else if (property.path("enum").size() > 0) {
                arguments.set(name, property.path("enum").get(0));
            } else {
                switch (property.path("type").asString("string")) {
                    case "integer", "number" -> arguments.put(name, 1);
                    case "boolean" -> arguments.put(name, true);
                    case "array" -> arguments.putArray(name);
                    case "object" -> arguments.putObject(name);
                    default -> arguments.put(name, "1");
                }
            }
        }
        if (properties.has("duration")) {
            arguments.put("duration", 1);
        }
        if (properties.has("steps")) {
            arguments.put("steps", 2);
        }
        return arguments;
    }
}
