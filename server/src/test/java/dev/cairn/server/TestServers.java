package dev.cairn.server;

import dev.cairn.rag.Chunker;
import dev.cairn.rag.HashingEmbedder;
import dev.cairn.rag.IngestOptions;
import dev.cairn.rag.Ingestor;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Lucene index on disk over three small documents, embedded with rag's {@link HashingEmbedder} (a
 * deterministic bag-of-words embedder, so tests need no ONNX model), and HTTP helpers for talking to a server.
 */
final class TestServers {
    private TestServers() {}

    /** An index and the embedder it was built with. */
    record Built(RagIndex index, HashingEmbedder embedder) implements AutoCloseable {
        @Override
        public void close() {
            index.close();
        }
    }

    static Built index(Path dir) throws IOException {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("rivers.md"), """
                # Rivers

                The Danube flows through ten countries and ends in the Black Sea.

                ## Amazon

                The Amazon carries more water than any other river on Earth.
                """);
        Files.writeString(docs.resolve("bread.txt"), "Sourdough bread rises because of wild yeast and lactic bacteria.");
        Files.writeString(docs.resolve("tea.md"), "# Tea\n\nGreen tea is steeped at about 80 degrees for two minutes.\n");
        var embedder = new HashingEmbedder();
        var store = LuceneChunkStore.open(dir.resolve("index"), embedder.modelName(), embedder.dimension(), LuceneStoreOptions.defaults());
        var index = new RagIndex(store, embedder, new Chunker(128, 16, s -> s.split("\\s+").length, "words"));
        index.ingest(List.of(docs), IngestOptions.defaults(), Ingestor.Progress.NONE);
        return new Built(index, embedder);
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> post(URI base, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code data:} payloads of an SSE body, in order. */
    static List<String> data(String sse) {
        return sse.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }
}
