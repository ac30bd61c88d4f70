package dev.cairn.mcp.interop;

import dev.cairn.mcp.DemoServer;
import dev.cairn.mcp.conformance.NodePackages;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP Inspector's CLI ({@code @modelcontextprotocol/inspector} from npm) lists and calls the
 * tools of Cairn's server, over stdio (the demo server in a child JVM) and over Streamable HTTP on loopback.
 */
@Timeout(300)
class InspectorCliTest {
    static final String INSPECTOR = "@modelcontextprotocol/inspector@2.12.0";
    private static Path home;

    @BeforeAll
    static void install() throws Exception {
        Assumptions.assumeFalse("skip".equals(System.getProperty("cairn.mcp.conformance")), "npm interop skipped");
        Assumptions.assumeTrue(NodePackages.supportedPlatform(), "Node from npm is installed for linux-x64 only");
        home = NodePackages.install("interop-inspector", INSPECTOR);
    }

    private static JsonNode inspector(List<String> target, String... method) throws Exception {
        List<String> command = new ArrayList<>(List.of(NodePackages.node(home).toString(),
                home.resolve("node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js").toString(), "--cli"));
        command.addAll(target);
        command.addAll(List.of(method));
        Path output = Files.createTempFile(home, "inspector", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("MCP_CATALOG_PATH", home.resolve("catalog.json").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return JsonCodec.mapper().readTree(text.substring(text.indexOf('{')));
    }

    private static void listsAndCalls(List<String> target) throws Exception {
        JsonNode tools = inspector(target, "--method", "tools/list");
        assertTrue(tools.path("tools").size() >= 6, tools.toString());
        assertEquals("echo", tools.at("/tools/0/name").asString());
        JsonNode echo = inspector(target, "--method", "tools/call", "--tool-name", "echo", "--tool-arg", "text=hello");
        assertEquals("hello", echo.at("/content/0/text").asString(), echo.toString());
        JsonNode sum = inspector(target, "--method", "tools/call", "--tool-name", "add", "--tool-arg", "a=2", "b=3");
        assertEquals(5.0, sum.at("/structuredContent/sum").asDouble(), sum.toString());
    }

    @Test
    void overStdio() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        listsAndCalls(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classpath, DemoServer.class.getName()));
    }

    @Test
    void overStreamableHttp() throws Exception {
        try (StreamableHttpServer server = StreamableHttpServer.builder(DemoServer.create()).start()) {
            listsAndCalls(List.of(server.uri().toString()));
        }
    }
}
