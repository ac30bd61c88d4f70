package dev.cairn.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** mcp serve (index and fixtures, HTTP and stdio), tools, call and conformance-client, with all-minilm-l6-v2-q. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class McpCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path docs, index;
    Server server;

    @BeforeEach
    void corpus() throws IOException {
        docs = HowTos.write(tmp.resolve("docs"), false);
        index = tmp.resolve("index");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) server.stop();
    }

    /** {@code cairn mcp serve ... --http 0} on a thread of this JVM; its URL is read from its stderr. */
    record Server(Thread thread, StringWriter err, int[] code, String url) {
        static Server start(String... args) throws InterruptedException {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int[] code = {-1};
            Thread t = Thread.ofVirtual().start(() -> code[0] = Cairn.execute(args, new PrintWriter(out, true), new PrintWriter(err, true)));
            Pattern at = Pattern.compile("Cairn MCP server at (\\S+)");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && t.isAlive()) {
                Matcher m = at.matcher(err.toString());
                if (m.find()) return new Server(t, err, code, m.group(1));
                Thread.sleep(20);
            }
            fail("server did not start: " + err);
            return null;
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            assertTrue(thread.join(java.time.Duration.ofSeconds(10)), "server stops when interrupted");
            assertEquals(0, code[0], err.toString());
        }
    }

    void ingest() {
        CairnTest.Run r = CairnTest.run("ingest", docs.toString(), "--index", index.toString(), "--embedding-model", RagCommandsTest.MODEL, "--quiet");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void servesAnIndexOverHttpToTheCommandLineClient() throws Exception {
        ingest();
        server = Server.start("mcp", "serve", "--index", index.toString(), "--http", "0");
        assertTrue(server.url().matches("http://127\\.0\\.0\\.1:\\d+/mcp"), server.url());

        CairnTest.Run tools = CairnTest.run("mcp", "tools", "--server", server.url());
        assertEquals(0, tools.code(), tools.err());
        List<String> lines = tools.out().lines().toList();
        assertEquals(2, lines.size(), tools.out());
        assertTrue(lines.get(0).matches("search +Find the passages .*"), lines.get(0));
        assertTrue(lines.get(1).startsWith("ask "), lines.get(1));

        CairnTest.Run json = CairnTest.run("mcp", "tools", "--server", server.url(), "--json");
        JsonNode defs = JSON.readTree(json.out());
        assertEquals("search", defs.get(0).get("name").asString());
        assertEquals("object", defs.get(0).get("outputSchema").get("type").asString());

        CairnTest.Run call = CairnTest.run("mcp", "call", "--server", server.url(), "--tool", "search",
                "--args", "{\"query\": \"how do I repair a puncture\", \"k\": 1}");
        assertEquals(0, call.code(), call.err());
        assertTrue(call.out().startsWith("[1] " + docs.toAbsolutePath().resolve("bike.md")), call.out());
        assertTrue(call.out().contains("glue a patch"), call.out());

        CairnTest.Run ask = CairnTest.run("mcp", "call", "--server", server.url(), "--tool", "ask",
                "--args", "{\"question\": \"How do I descale a kettle with vinegar?\"}", "--json");
        assertEquals(0, ask.code(), ask.err());
        JsonNode answer = JSON.readTree(ask.out()).get("structuredContent");
        assertTrue(answer.get("answer").asString().contains("vinegar"), ask.out());
        assertTrue(answer.get("sources").get(0).get("citation").asString().contains("kettle.md"), ask.out());

        CairnTest.Run toolError = CairnTest.run("mcp", "call", "--server", server.url(), "--tool", "search",
                "--args", "{\"query\": \"kettle\", \"k\": 0}");
        assertEquals(1, toolError.code());
        assertEquals("", toolError.out());
        assertFalse(toolError.err().isBlank());

        CairnTest.Run unknown = CairnTest.run("mcp", "call", "--server", server.url(), "--tool", "nope");
        assertEquals(1, unknown.code(), unknown.err());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
    }

    @Test
    void askAnswersWithALocalModelWhenGivenOne() throws Exception {
        ingest();
        Path model = dev.cairn.core.Fixtures.fixture("models/stories260K.gguf");
        server = Server.start("mcp", "serve", "--index", index.toString(), "--http", "0", "--model", model.toString(), "-n", "8");
        CairnTest.Run ask = CairnTest.run("mcp", "call", "--server", server.url(), "--tool", "ask",
                "--args", "{\"question\": \"descale kettle\"}", "--json");
        assertEquals(0, ask.code(), ask.err());
        JsonNode answer = JSON.readTree(ask.out()).get("structuredContent");
        assertFalse(answer.get("extractive").asBoolean(), ask.out());
        assertFalse(answer.get("answer").asString().isEmpty(), ask.out());
        assertEquals(2, CairnTest.run("mcp", "serve", "--fixtures", "conformance", "--http", "0", "--model", model.toString()).code());
        assertEquals(1, CairnTest.run("mcp", "serve", "--index", index.toString(), "--http", "0", "--model", tmp.resolve("none.gguf").toString()).code());
    }

    @Test
    void badArgumentsAndUsage() {
        CairnTest.Run bad = CairnTest.run("mcp", "call", "--server", "http://127.0.0.1:9/mcp", "--tool", "search", "--args", "{query: 1");
        assertEquals(1, bad.code());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("cairn call: --args is not valid JSON"), bad.err());

        CairnTest.Run array = CairnTest.run("mcp", "call", "--server", "http://127.0.0.1:9/mcp", "--tool", "search", "--args", "[1]");
        assertEquals(1, array.code());
        assertTrue(array.err().contains("--args must be a JSON object"), array.err());

        assertEquals(2, CairnTest.run("mcp", "serve", "--index", index.toString()).code(), "a transport is required");
        assertEquals(2, CairnTest.run("mcp", "serve", "--index", index.toString(), "--stdio", "--http", "1").code());
        assertEquals(2, CairnTest.run("mcp", "serve", "--fixtures", "other", "--http", "0").code());
        assertEquals(2, CairnTest.run("mcp").code());
        assertEquals(2, CairnTest.run("mcp", "serve", "--index", index.toString(), "--http", "70000").code());

        CairnTest.Run noIndex = CairnTest.run("mcp", "serve", "--index", index.toString(), "--stdio");
        assertEquals(1, noIndex.code());
        assertTrue(noIndex.err().contains("no index at"), noIndex.err());
    }

    @Test
    void conformanceFixtureAndClientRunner() throws Exception {
        server = Server.start("mcp", "serve", "--fixtures", "conformance", "--http", "0");
        CairnTest.Run tools = CairnTest.run("mcp", "tools", "--server", server.url());
        assertEquals(0, tools.code(), tools.err());
        assertTrue(tools.out().contains("test_simple_text"), tools.out());

        CairnTest.Run call = CairnTest.run("mcp", "call", "--server", server.url(), "--tool", "test_simple_text");
        assertEquals(0, call.code(), call.err());
        assertFalse(call.out().isBlank());

        // with no MCP_CONFORMANCE_SCENARIO the runner does the initialize scenario
        CairnTest.Run client = CairnTest.run("mcp", "conformance-client", server.url());
        assertEquals(0, client.code(), client.err());
    }

    @Test
    void stdioServerLaunchedAsACommand() throws Exception {
        ingest();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = String.join(" ", quote(java), "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", quote(System.getProperty("java.class.path")), "dev.cairn.cli.Cairn",
                "mcp", "serve", "--index", quote(index.toString()), "--stdio", "-v");
        CairnTest.Run call = CairnTest.run("mcp", "call", "--server", cmd, "--tool", "search", "--args", "{\"query\": \"kettle vinegar\", \"k\": 1}");
        assertEquals(0, call.code(), call.err());
        assertTrue(call.out().contains("kettle.md"), call.out());
    }

    @Test
    void splitsCommandLinesLikeAShell() {
        assertEquals(List.of("a", "b c", "d\"e", "f g", "h'i", ""), McpConnection.split(" a 'b c' \"d\\\"e\" f\\ g h\\'i '' "));
        assertEquals(List.of("bin/cairn", "mcp", "serve", "--index", "my docs", "--stdio"),
                McpConnection.split("bin/cairn mcp serve --index \"my docs\" --stdio"));
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
