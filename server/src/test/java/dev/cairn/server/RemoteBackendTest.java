package dev.cairn.server;

import dev.cairn.core.Fixtures;
import dev.cairn.llm.Cancellation;
import dev.cairn.llm.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RemoteBackend} against a real OpenAI-compatible upstream: another Cairn server on stories260K in this JVM
 * (its own port), and a port nothing listens on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteBackendTest {
    @TempDir
    static Path tmp;
    static TestServers.Built index;
    static Model model;
    static CairnServer upstream;
    static RemoteBackend remote;

    @BeforeAll
    static void start() throws Exception {
        model = Model.load(Fixtures.fixture("models/stories260K.gguf"));
        index = TestServers.index(tmp);
        upstream = CairnServer.builder(index.index(), index.embedder()).backend(LocalBackend.of(model, "stories260K", model::generate))
                .port(0).start();
        remote = new RemoteBackend(upstream.uri().resolve("/v1"), "stories260K", "secret");
    }

    @AfterAll
    static void stop() {
        if (upstream != null) upstream.close();
        if (model != null) model.close();
        if (index != null) index.close();
    }

    static GenerationJob job(List<Map<String, Object>> messages, String prompt) {
        return new GenerationJob(messages, List.of(), prompt, 12, 0.0, null, null, null, null, List.of(), new Cancellation());
    }

    @Test
    void streamsTheUpstreamChatAndItsUsage() {
        var pieces = new StringBuilder();
        ModelBackend.Reply r = remote.chat(job(List.of(Map.of("role", "user", "content", "Tell me a story")), null), pieces::append);
        var local = LocalBackend.of(model, "stories260K", model::generate)
                .chat(job(List.of(Map.of("role", "user", "content", "Tell me a story")), null), p -> {});
        assertEquals(local.text(), r.text(), "greedy: the same text as generating here");
        assertEquals(r.text(), pieces.toString());
        assertEquals("length", r.finishReason());
        assertEquals(12, r.completionTokens());
        assertEquals(local.promptTokens(), r.promptTokens());
    }

    @Test
    void streamsRawCompletions() {
        var pieces = new StringBuilder();
        ModelBackend.Reply r = remote.complete(job(null, "Once upon a time"), pieces::append);
        assertTrue(r.text().length() > 0);
        assertEquals(r.text(), pieces.toString());
    }

    @Test
    void upstreamErrorsAndUnreachableServersAre502WithTheirReason() {
        var bad = new GenerationJob(List.of(Map.of("role", "robot", "content", "x")), List.of(), null, 4, null, null, null,
                null, null, List.of(), new Cancellation());
        ServerException e = assertThrows(ServerException.class, () -> remote.chat(bad, p -> {}));
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("answered 400") && e.getMessage().contains("'robot'"), e.getMessage());

        var nowhere = new RemoteBackend(URI.create("http://127.0.0.1:9/v1"), "m", null);
        ServerException down = assertThrows(ServerException.class, () -> nowhere.chat(job(List.of(Map.of("role", "user", "content", "hi")), null), p -> {}));
        assertEquals(502, down.status());
        assertTrue(down.getMessage().startsWith("cannot reach http://127.0.0.1:9/v1/chat/completions"), down.getMessage());
    }
}
