package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.BlobResourceContents;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.CompletionReference;
import dev.cairn.mcp.schema.GetPromptResult;
import dev.cairn.mcp.schema.ImageContent;
import dev.cairn.mcp.schema.LoggingLevel;
import dev.cairn.mcp.schema.LoggingMessageParams;
import dev.cairn.mcp.schema.ProgressParams;
import dev.cairn.mcp.schema.Resource;
import dev.cairn.mcp.schema.TextContent;
import dev.cairn.mcp.schema.TextResourceContents;
import dev.cairn.mcp.schema.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every transport must carry end to end: a real {@link McpClient} against the {@link DemoServer}.
 * Each transport's test class supplies the connection.
 */
@Timeout(60)
public abstract class ClientContract {
    protected final BlockingQueue<LoggingMessageParams> logs = new LinkedBlockingQueue<>();

    /** A transport to a fresh demo server session. */
    protected abstract ClientTransport transport() throws Exception;

    /** The protocol revision the client speaks in this test class. */
    protected String protocolVersion() {
        return ProtocolVersions.LATEST;
    }

    protected McpClient.Builder builder() {
        return McpClient.builder().protocolVersion(protocolVersion()).requestTimeout(Duration.ofSeconds(20));
    }

    protected McpClient connect() throws Exception {
        return builder().onLog(logs::add).connect(transport());
    }

    @Test
    void handshakeAndPing() throws Exception {
        try (McpClient client = connect()) {
            assertEquals(protocolVersion(), client.protocolVersion());
            assertEquals("demo", client.serverInfo().name());
            assertTrue(client.initializeResult().capabilities().tools() != null);
            client.ping();
        }
    }

    @Test
    void listsAndCallsTools() throws Exception {
        try (McpClient client = connect()) {
            List<Tool> tools = client.listAllTools();
            assertEquals(List.of("echo", "add", "fail", "slow", "log", "image", "nap", "touch", "confirm", "roots", "relist", "ask"), tools.stream().map(Tool::name).toList());
            Tool add = tools.get(1);
            assertTrue(add.annotations().readOnlyHint());
            assertEquals("object", add.outputSchema().get("type").stringValue());

            CallToolResult echo = client.callTool("echo", JsonCodec.object().put("text", "héllo\nworld"));
            assertEquals("héllo\nworld", assertInstanceOf(TextContent.class, echo.content().getFirst()).text());
            assertFalse(echo.failed());

            CallToolResult sum = client.callTool("add", JsonCodec.object().put("a", 1.5).put("b", 2));
            assertEquals(3.5, sum.structuredContent().get("sum").doubleValue());

            CallToolResult fail = client.callTool("fail", null);
            assertTrue(fail.failed());
            assertEquals("This tool intentionally fails", assertInstanceOf(TextContent.class, fail.content().getFirst()).text());

            CallToolResult image = client.callTool("image", null);
            assertEquals("image/png", assertInstanceOf(ImageContent.class, image.content().get(1)).mimeType());

            McpException unknown = assertThrows(McpException.class, () -> client.callTool("nope", null));
            assertEquals(-32602, unknown.code());
        }
    }

    @Test
    void progressAndLogsReachTheClient() throws Exception {
        try (McpClient client = connect()) {
            List<ProgressParams> progress = new CopyOnWriteArrayList<>();
            CallToolResult result = client.callTool("slow", JsonCodec.object().put("millis", 1), progress::add);
            assertEquals("done", assertInstanceOf(TextContent.class, result.content().getFirst()).text());
            assertEquals(List.of(0.0, 50.0, 100.0), progress.stream().map(ProgressParams::progress).toList());
            assertEquals(100.0, progress.getFirst().total());

            client.setLoggingLevel(LoggingLevel.INFO);
            client.callTool("log", null);
            List<LoggingLevel> levels = List.of(poll().level(), poll().level());
            assertEquals(List.of(LoggingLevel.INFO, LoggingLevel.ERROR), levels);
        }
    }

    private LoggingMessageParams poll() throws InterruptedException {
        LoggingMessageParams log = logs.poll(10, TimeUnit.SECONDS);
        assertTrue(log != null, "expected a log notification");
        return log;
    }

    @Test
    void readsResourcesAndGetsPrompts() throws Exception {
        try (McpClient client = connect()) {
            assertEquals(List.of("demo://readme", "demo://blob"), client.listAllResources().stream().map(Resource::uri).toList());
            assertEquals("demo://notes/{name}", client.listResourceTemplates(null).resourceTemplates().getFirst().uriTemplate());
            assertEquals("Read me.", assertInstanceOf(TextResourceContents.class,
                    client.readResource("demo://readme").contents().getFirst()).text());
            assertArrayEquals(new byte[]{1, 2, 3}, assertInstanceOf(BlobResourceContents.class,
                    client.readResource("demo://blob").contents().getFirst()).bytes());
            assertEquals("Note x", assertInstanceOf(TextResourceContents.class,
                    client.readResource("demo://notes/x").contents().getFirst()).text());
            int notFound = ProtocolVersions.isSupported(protocolVersion()) ? -32002 : -32602;
            assertEquals(notFound, assertThrows(McpException.class, () -> client.readResource("demo://nothing")).code(),
                    "resource not found: -32002 until 2025-11-25, -32602 from 2026-07-28");

            assertEquals("greet", client.listAllPrompts().getFirst().name());
            GetPromptResult prompt = client.getPrompt("greet", Map.of("name", "Ada"));
            assertEquals("Hello, Ada!", assertInstanceOf(TextContent.class, prompt.messages().getFirst().content()).text());
            assertEquals(-32602, assertThrows(McpException.class, () -> client.getPrompt("greet", Map.of())).code());

            assertEquals(List.of("Ada", "Alan"), client.complete(new CompletionReference.PromptRef("greet", null), "name", "A")
                    .completion().values());
        }
    }

    @Test
    void aSuspendedStreamIsResumed() throws Exception {
        try (McpClient client = connect()) {
            List<ProgressParams> progress = new CopyOnWriteArrayList<>();
            CallToolResult result = client.callTool("nap", null, progress::add);
            assertEquals("rested", assertInstanceOf(TextContent.class, result.content().getFirst()).text());
            assertEquals(List.of(1.0, 2.0), progress.stream().map(ProgressParams::progress).toList());
        }
    }

    @Test
    void serverRequestsReachTheClientsHandlers() throws Exception {
        var capabilities = new dev.cairn.mcp.schema.ClientCapabilities(null, null, JsonCodec.object(), null, null);
        try (McpClient client = builder().capabilities(capabilities)
                .onRequest("sampling/createMessage", params -> {
                    ObjectNode result = JsonCodec.object().put("role", "assistant").put("model", "test");
                    result.putObject("content").put("type", "text")
                            .put("text", "echo of " + params.at("/messages/0/content/text").asString());
                    return result;
                }).connect(transport())) {
            CallToolResult result = client.callTool("ask", JsonCodec.object().put("question", "why?"));
            assertEquals("model says: echo of why?", assertInstanceOf(TextContent.class, result.content().getFirst()).text());
        }
        try (McpClient plain = connect()) {
            assertTrue(plain.callTool("ask", JsonCodec.object().put("question", "?")).failed(), "no sampling capability");
        }
    }

    @Test
    void typedSamplingElicitationAndRootsAnswerTheServer() throws Exception {
        List<dev.cairn.mcp.schema.CreateMessageParams> samplingRequests = new CopyOnWriteArrayList<>();
        List<dev.cairn.mcp.schema.Root> roots = new CopyOnWriteArrayList<>(List.of(new dev.cairn.mcp.schema.Root("file:///work/a", "a")));
        try (McpClient client = builder()
                .sampling(request -> {
                    samplingRequests.add(request);
                    return dev.cairn.mcp.schema.CreateMessageResult.text("test-model", "echo of " + request.messages().getFirst().text());
                })
                .elicitation(request -> {
                    ObjectNode content = JsonCodec.object();
                    content.set("name", request.requestedSchema().at("/properties/name/default"));
                    return request.urlMode() ? dev.cairn.mcp.schema.ElicitResult.decline()
                            : dev.cairn.mcp.schema.ElicitResult.accept(content);
                })
                .roots(() -> roots)
                .connect(transport())) {
            CallToolResult sampled = client.callTool("ask", JsonCodec.object().put("question", "why?"));
            assertEquals("model says: echo of why?", assertInstanceOf(TextContent.class, sampled.content().getFirst()).text());
            assertEquals(10, samplingRequests.getFirst().maxTokens());
            assertEquals(dev.cairn.mcp.schema.Role.USER, samplingRequests.getFirst().messages().getFirst().role());

            CallToolResult elicited = client.callTool("confirm", JsonCodec.object());
            assertEquals("accept:anonymous", assertInstanceOf(TextContent.class, elicited.content().getFirst()).text());

            assertEquals("file:///work/a", ((TextContent) client.callTool("roots", JsonCodec.object()).content().getFirst()).text());
            roots.add(new dev.cairn.mcp.schema.Root("file:///work/b", "b"));
            client.rootsChanged();
            assertEquals("file:///work/a file:///work/b",
                    ((TextContent) client.callTool("roots", JsonCodec.object()).content().getFirst()).text());
        }
    }

    @Test
    void subscriptionAndListChangeListenersAreCalled() throws Exception {
        // in the stateless revision each subscription is a subscriptions/listen stream
        try (McpClient client = connect()) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            client.subscribeResource("demo://readme", uri -> events.add("updated " + uri));
            client.onToolsChanged(() -> events.add("tools"));
            client.onResourcesChanged(() -> events.add("resources"));
            client.callTool("touch", JsonCodec.object().put("uri", "demo://blob"));
            client.callTool("touch", JsonCodec.object().put("uri", "demo://readme"));
            assertEquals("updated demo://readme", events.poll(10, TimeUnit.SECONDS));
            client.callTool("relist", JsonCodec.object());
            assertEquals(java.util.Set.of("tools", "resources"),
                    java.util.Set.of(events.poll(10, TimeUnit.SECONDS), events.poll(10, TimeUnit.SECONDS)));
            client.unsubscribeResource("demo://readme");
            client.callTool("touch", JsonCodec.object().put("uri", "demo://readme"));
            client.ping();
            assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS), "no updates after unsubscribing");
        }
    }

    @Test
    void subscribedResourceUpdatesArrive() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ProtocolVersions.isSupported(protocolVersion()),
                "the stateless revision subscribes through subscriptions/listen");
        try (McpClient client = connect()) {
            BlockingQueue<String> updates = new LinkedBlockingQueue<>();
            client.onNotification(n -> {
                if (n.method().equals("notifications/resources/updated")) {
                    updates.add(n.params().get("uri").stringValue());
                }
            });
            client.subscribeResource("demo://readme");
            client.callTool("touch", JsonCodec.object().put("uri", "demo://blob"));
            client.callTool("touch", JsonCodec.object().put("uri", "demo://readme"));
            assertEquals("demo://readme", updates.poll(10, TimeUnit.SECONDS));
            client.unsubscribeResource("demo://readme");
            client.callTool("touch", JsonCodec.object().put("uri", "demo://readme"));
            client.ping();
            assertEquals(null, updates.poll(300, TimeUnit.MILLISECONDS), "no updates after unsubscribing");
        }
    }

    @Test
    void concurrentCallsAndTimeouts() throws Exception {
        try (McpClient client = connect()) {
            List<Thread> threads = new java.util.ArrayList<>();
            List<String> answers = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 20; i++) {
                String text = "call " + i;
                threads.add(Thread.ofVirtual().start(() -> answers.add(((TextContent) client.callTool("echo",
                        JsonCodec.object().put("text", text)).content().getFirst()).text())));
            }
            for (Thread t : threads) {
                t.join(20_000);
            }
            assertEquals(20, answers.size());
        }
        McpClient impatient = builder().requestTimeout(Duration.ofSeconds(2)).connect(transport()); // slow waits 30 s
        try (impatient) {
            McpException timeout = assertThrows(McpException.class, () -> impatient.callTool("slow", null));
            assertTrue(timeout.getMessage().contains("timed out"), timeout.getMessage());
            impatient.ping();
        }
    }
}
