package dev.cairn.mcp.interop;

import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.McpException;
import dev.cairn.mcp.conformance.NodePackages;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.ClientTransport;
import dev.cairn.mcp.schema.CreateMessageResult;
import dev.cairn.mcp.schema.ElicitResult;
import dev.cairn.mcp.schema.Root;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.transport.StdioClientTransport;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cairn's client against the official reference server, {@code @modelcontextprotocol/server-everything}
 * from npm, over stdio and over Streamable HTTP: it lists every tool and calls each one (answering the server's
 * sampling, elicitation and roots requests), reads a resource and gets a prompt. {@code -Dcairn.mcp.conformance=skip} leaves it out.
 */
@Timeout(300)
class EverythingServerTest {
    static final String EVERYTHING = "@modelcontextprotocol/server-everything@2026.8.31";

    @Test
    void listsAndCallsEveryToolOverStdio() throws Exception {
        Path home = install();
        exercise(StdioClientTransport.command(NodePackages.node(home).toString(), script(home).toString(), "stdio"));
    }

    @Test
    void listsAndCallsEveryToolOverStreamableHttp() throws Exception {
        Path home = install();
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder launch = new ProcessBuilder(NodePackages.node(home).toString(), script(home).toString(), "streamableHttp")
                .redirectErrorStream(true);
        launch.environment().put("PORT", Integer.toString(port));
        Process server = launch.start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null && !line.contains("listening on port")) {
                // wait until the server says it listens
            }
            assertTrue(line != null, "server-everything exited before listening");
            Thread.ofVirtual().start(() -> output.lines().forEach(l -> { }));
            exercise(StreamableHttpClientTransport.to("http://localhost:" + port + "/mcp"));
        } finally {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path install() throws Exception {
        Assumptions.assumeFalse("skip".equals(System.getProperty("cairn.mcp.conformance")), "npm interop skipped");
        Assumptions.assumeTrue(NodePackages.supportedPlatform(), "Node from npm is installed for linux-x64 only");
        return NodePackages.install("interop-everything", EVERYTHING);
    }

    private static Path script(Path home) {
        return home.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    }

    /**
     * Lists every tool and calls each one, answering the server's sampling, elicitation and roots requests
     * through the typed client API; reads a resource, gets a prompt, pings.
     */
    private static void exercise(ClientTransport transport) {
        McpClient.Builder builder = McpClient.builder()
                .requestTimeout(Duration.ofSeconds(30))
                .sampling(request -> CreateMessageResult.text("cairn-test", "sampled by Cairn"))
                .elicitation(request -> ElicitResult.decline())
                .roots(() -> List.of(new Root("file:///tmp", "tmp")));
        List<String> called = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (McpClient client = builder.connect(transport)) {
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
        assertEquals(called.size(), called.stream().distinct().count());
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
