package dev.cairn.server;

import dev.cairn.llm.Model;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Aggregate decode throughput of {@code cairn serve} for N concurrent streaming chats, with and without continuous
 * batching; a measurement to run by hand, not a test:
 * <pre>java -cp ... dev.cairn.server.ServeThroughput MODEL.gguf TOKENS 1,8,32</pre>
 * Each chat asks for TOKENS tokens (sampled, seeds differ); a chat may stop early at the model's end token, so
 * only the completion tokens each chat reports are counted. Aggregate tokens/s is the completion tokens of all
 * chats over the wall time from the first request to the last answer, prefill included.
 */
public final class ServeThroughput {
    public static void main(String[] args) throws Exception {
        Path gguf = Path.of(args[0]);
        int tokens = Integer.parseInt(args[1]);
        List<Integer> levels = java.util.Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList();
        Path tmp = Files.createTempDirectory("cairn-throughput");
        try (var index = TestServers.index(tmp); Model model = Model.load(gguf)) {
            System.out.printf("%s, %d tokens per chat%n", gguf.getFileName(), tokens);
            for (int n : levels) {
                for (boolean batched : List.of(false, true)) {
                    LocalBackend backend = batched ? LocalBackend.batched(model, "m", n)
                            : LocalBackend.of(model, "m", model::generate);
                    try (backend; CairnServer server = CairnServer.builder(index.index(), index.embedder()).backend(backend)
                            .port(0).generations(n, n).start()) {
                        run(server, 1, Math.min(tokens, 4)); // warm-up
                        long start = System.nanoTime();
                        int total = run(server, n, tokens);
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.out.printf("%2d concurrent, %-9s: %5d tokens in %6.2f s = %7.1f tokens/s aggregate%n",
                                n, batched ? "batched" : "unbatched", total, seconds, total / seconds);
                    }
                }
            }
        }
    }

    private static int run(CairnServer server, int n, int tokens) {
        var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"Tell me story number " + i + "\"}], \"max_tokens\": "
                        + tokens + ", \"temperature\": 0.8, \"seed\": " + i + ", \"stream\": true, \"stream_options\": {\"include_usage\": true}}";
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return TestServers.post(server.uri(), "/v1/chat/completions", body);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, threads));
            }
            int total = 0;
            for (var c : calls) {
                List<String> data = TestServers.data(c.join().body());
                if (!"[DONE]".equals(data.getLast())) throw new IllegalStateException("a chat failed: " + data.getLast());
                total += Exchanges.JSON.readTree(data.get(data.size() - 2)).get("usage").get("completion_tokens").asInt();
            }
            return total;
        }
    }
}
