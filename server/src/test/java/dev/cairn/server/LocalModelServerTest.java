package dev.cairn.server;

import dev.cairn.core.Fixtures;
import dev.cairn.llm.Generation;
import dev.cairn.llm.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.cairn.server.TestServers.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server over the real runtime on stories260K: streaming, a client that hangs up, a full queue, shutdown with a
 * generation running, and 50 concurrent chats. Where a test needs a generation to last long enough to interrupt,
 * its listener sleeps a little per piece (stories260K writes a token in microseconds).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalModelServerTest {
    @TempDir
    static Path tmp;
    static TestServers.Built index;
    static Model model;

    @BeforeAll
    static void load() throws Exception {
        Path gguf = Fixtures.fixture("models/stories260K.gguf");
        index = TestServers.index(tmp);
        model = Model.load(gguf);
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
        if (index != null) index.close();
    }

    /** Records how each generation ended; {@code pause} milliseconds per piece slow it down. */
    record Recording(List<Generation> done, LocalBackend backend) {
        static Recording of(long pause, CountDownLatch gate) {
            List<Generation> done = new CopyOnWriteArrayList<>();
            LocalBackend backend = LocalBackend.of(model, "stories260K", (request, listener) -> {
                await(gate);
                Consumer<String> slow = pause == 0 ? listener : piece -> {
                    sleep(pause);
                    listener.accept(piece);
                };
                Generation g = model.generate(request, slow);
                done.add(g);
                return g;
            });
            return new Recording(done, backend);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            if (latch != null) latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static CairnServer server(ModelBackend backend, int running, int queued) {
        return CairnServer.builder(index.index(), index.embedder()).backend(backend).port(0)
                .generations(running, queued).grace(java.time.Duration.ofMillis(200)).start();
    }

    static String chat(int maxTokens, boolean stream) {
        return "{\"model\": \"stories260K\", \"messages\": [{\"role\": \"user\", \"content\": \"Tell me a story\"}], \"max_tokens\": "
                + maxTokens + ", \"temperature\": 0, \"stream\": " + stream + ", \"stream_options\": {\"include_usage\": true}}";
    }

    @Test
    void streamsTokensFromTheModelAndCountsThem() throws Exception {
        Recording rec = Recording.of(0, null);
        try (CairnServer server = server(rec.backend(), 2, 2)) {
            var r = post(server.uri(), "/v1/chat/completions", chat(12, true));
            List<String> data = TestServers.data(r.body());
            assertEquals("[DONE]", data.getLast());
            var text = new StringBuilder();
            int pieces = 0;
            for (String d : data.subList(1, data.size() - 2)) {
                String piece = Exchanges.JSON.readTree(d).get("choices").get(0).get("delta").path("content").asString("");
                if (!piece.isEmpty()) pieces++;
                text.append(piece);
            }
            Generation g = rec.done().getFirst();
            assertEquals(g.text(), text.toString(), "the streamed pieces are the generation's text");
            assertTrue(pieces > 1, "streamed in more than one piece");
            var usage = Exchanges.JSON.readTree(data.get(data.size() - 2)).get("usage");
            assertEquals(g.tokens().length, usage.get("completion_tokens").asInt());
            assertEquals(g.usage().promptTokens(), usage.get("prompt_tokens").asInt());

            var plain = Exchanges.JSON.readTree(post(server.uri(), "/v1/chat/completions", chat(12, false)).body());
            assertEquals(g.text(), plain.get("choices").get(0).get("message").get("content").asString(), "greedy: same text");
            assertEquals("length", plain.get("choices").get(0).get("finish_reason").asString());
        }
    }

    @Test
    void aClientThatHangsUpCancelsItsGeneration() throws Exception {
        Recording rec = Recording.of(5, null);
        try (CairnServer server = server(rec.backend(), 2, 2)) {
            HttpResponse<InputStream> r = TestServers.HTTP.send(HttpRequest.newBuilder(server.uri().resolve("/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(chat(400, true))).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (var in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (int events = 0; events < 3; ) if (in.readLine().startsWith("data: ")) events++;
            } // hangs up after three events
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (rec.done().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            Generation g = rec.done().getFirst();
            assertEquals(Generation.FinishReason.CANCELLED, g.finishReason());
            assertTrue(g.tokens().length < 400, g.tokens().length + " tokens");
            while (server.inFlight() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(0, server.inFlight());
        }
    }

    @Test
    void aFullQueueAnswers503WithRetryAfter() throws Exception {
        var hold = new CountDownLatch(1);
        Recording rec = Recording.of(0, hold);
        try (CairnServer server = server(rec.backend(), 1, 1)) {
            URI base = server.uri();
            var first = CompletableFuture.supplyAsync(() -> call(base, chat(4, false)));
            var second = CompletableFuture.supplyAsync(() -> call(base, chat(4, false)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.inFlight() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
            var third = post(base, "/v1/chat/completions", chat(4, false));
            assertEquals(503, third.statusCode(), third.body());
            assertEquals("1", third.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(third.body().contains("queue is full"), third.body());
            hold.countDown();
            assertEquals(200, first.join().statusCode());
            assertEquals(200, second.join().statusCode());
        }
    }

    @Test
    void shutdownLetsARunningStreamFinishCleanly() throws Exception {
        Recording rec = Recording.of(5, null);
        CairnServer server = server(rec.backend(), 2, 2);
        var stream = CompletableFuture.supplyAsync(() -> call(server.uri(), chat(400, true)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.inFlight() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
        Thread.sleep(100);
        server.close(); // 200 ms grace, then the generation is cancelled
        List<String> data = TestServers.data(stream.join().body());
        assertEquals("[DONE]", data.getLast(), "the stream ends properly");
        assertEquals(Generation.FinishReason.CANCELLED, rec.done().getFirst().finishReason());
        assertEquals("length", Exchanges.JSON.readTree(data.get(data.size() - 3)).get("choices").get(0).get("finish_reason").asString());
    }

    @Test
    void fiftyConcurrentChatsAllSucceedAndTheHeapStaysBounded() throws Exception {
        Recording rec = Recording.of(0, null);
        try (CairnServer server = server(rec.backend(), 8, 64)) {
            long before = usedHeap();
            var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 50; i++) {
                    String body = chat(32, i % 2 == 0).replace("\"temperature\": 0", "\"temperature\": 0.8, \"seed\": " + i);
                    calls.add(CompletableFuture.supplyAsync(() -> call(server.uri(), body), threads));
                }
                int errors = 0;
                for (var c : calls) {
                    HttpResponse<String> r = c.join();
                    boolean ok = r.statusCode() == 200 && (r.body().startsWith("{") || r.body().strip().endsWith("data: [DONE]"));
                    if (!ok) errors++;
                }
                assertEquals(0, errors, "errors among 50 concurrent chats");
            }
            assertEquals(50, rec.done().size());
            long after = usedHeap();
            System.out.printf("50 concurrent chats on stories260K: heap used %d MiB before, %d MiB after%n", before >> 20, after >> 20);
            assertTrue(after - before < 64L << 20, "heap grew by " + ((after - before) >> 20) + " MiB");
        }
    }

    @Test
    void batchedConcurrentChatsGetTheSameGreedyTextsAsAlone() throws Exception {
        List<String> prompts = List.of("Tell me a story", "Lily had a cat", "The sun was hot", "Tom saw a big dog",
                "Once upon a time", "The bird sang", "Mom made soup", "A boy ran fast");
        try (LocalBackend batched = LocalBackend.batched(model, "stories260K", 8);
             CairnServer server = server(batched, 8, 8)) {
            var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
            for (String p : prompts) {
                String body = chat(24, true).replace("Tell me a story", p);
                calls.add(CompletableFuture.supplyAsync(() -> call(server.uri(), body)));
            }
            for (int i = 0; i < prompts.size(); i++) {
                var text = new StringBuilder();
                List<String> data = TestServers.data(calls.get(i).join().body());
                assertEquals("[DONE]", data.getLast());
                for (String d : data.subList(0, data.size() - 2)) {
                    text.append(Exchanges.JSON.readTree(d).get("choices").get(0).get("delta").path("content").asString(""));
                }
                int[] prompt = model.chatPrompt(List.of(java.util.Map.of("role", "user", "content", prompts.get(i))), List.of());
                Generation alone = model.generate(dev.cairn.llm.GenerationRequest.of(prompt).withMaxTokens(24)
                        .withSampling(dev.cairn.llm.Sampler.Settings.greedy()), piece -> {});
                assertEquals(alone.text(), text.toString(), prompts.get(i));
            }
        }
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    static HttpResponse<String> call(URI base, String body) {
        try {
            return post(base, "/v1/chat/completions", body);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
