package dev.cairn.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.rag.Chunker;
import dev.cairn.rag.HashingEmbedder;
import dev.cairn.rag.IngestOptions;
import dev.cairn.rag.Ingestor;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import dev.cairn.server.CairnServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of the OpenAI-compatible request parsing of {@code cairn serve}: hostile bodies POSTed
 * over real HTTP to {@code /v1/chat/completions}, {@code /v1/completions} and {@code /v1/embeddings} of a server
 * with the extractive backend (no model; the index is embedded by rag's test {@code HashingEmbedder}). The
 * property: every answer is a 2xx or a 4xx with an OpenAI-format error body naming the problem, never a 5xx, and
 * the server answers a good request afterwards. The first input byte picks the route. Committed inputs (replayed
 * in {@code mvn verify}) are real requests: chat with tools, streaming, stop lists, completions, embeddings.
 * Fuzzing: {@code bin/fuzz server OpenAiRequestFuzzTest 300}.
 */
class OpenAiRequestFuzzTest {
    private static final String[] ROUTES = {"/v1/chat/completions", "/v1/completions", "/v1/embeddings"};
    private static Path dir;
    private static RagIndex index;
    private static CairnServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("cairn-fuzz-server");
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("rivers.md"), "# Rivers\n\nThe Danube ends in the Black Sea.\n");
        var embedder = new HashingEmbedder();
        index = new RagIndex(LuceneChunkStore.open(dir.resolve("index"), embedder.modelName(), embedder.dimension(),
                LuceneStoreOptions.defaults()), embedder, new Chunker(64, 8, s -> s.split("\\s+").length, "words"));
        index.ingest(List.of(docs), IngestOptions.defaults(), Ingestor.Progress.NONE);
        server = CairnServer.builder(index, embedder).port(0).maxBodyBytes(16 * 1024).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (index != null) index.close();
        if (http != null) http.close();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static HttpResponse<String> post(String route, byte[] body) throws Exception {
        URI uri = server.uri().resolve(route);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @FuzzTest
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void request(byte[] input) throws Exception {
        if (input.length == 0) return;
        String route = ROUTES[(input[0] & 0xff) % ROUTES.length];
        byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
        HttpResponse<String> r = post(route, body);
        int status = r.statusCode();
        if (status >= 500 && status != 503) {
            throw new AssertionError(route + " answered " + status + ": " + r.body());
        }
        if (status >= 400 && !(r.body().contains("\"error\"") && r.body().contains("\"message\""))) {
            throw new AssertionError(route + " answered " + status + " without an OpenAI error body: " + r.body());
        }
        HttpResponse<String> ok = post("/v1/embeddings", "{\"input\":\"still alive\"}".getBytes());
        if (ok.statusCode() != 200) throw new AssertionError("after that input a good request got " + ok.statusCode() + ": " + ok.body());
    }
}
