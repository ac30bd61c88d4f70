package dev.cairn.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load and soak of a running Cairn server: N concurrent clients for a duration against {@code cairn serve}'s
 * OpenAI-compatible API or {@code cairn mcp serve}'s Streamable HTTP endpoint, with the server's heap (after a
 * full GC, through {@code jcmd}), threads, open file descriptors and RSS sampled from the outside before, every
 * minute, and after, so leaks show as growth. Errors are counted by kind; a 503 with Retry-After is the
 * server's backpressure and is counted apart (the client waits as told and goes on).
 *
 * <pre>
 * bin/cairn serve --index IDX --model stories260K.gguf --port 8080 &amp;        # or: bin/cairn mcp serve --index IDX --http 8081 &amp;
 * mvn -B -q -o -pl bench -am package -DskipTests
 * java -cp "bench/target/benchmarks.jar:bench/target/lib/*" dev.cairn.bench.Soak openai http://127.0.0.1:8080 PID [clients] [seconds]
 * java -cp "bench/target/benchmarks.jar:bench/target/lib/*" dev.cairn.bench.Soak mcp http://127.0.0.1:8081/mcp PID [clients] [seconds]
 * </pre>
 * Defaults: 200 clients, 600 s. OpenAI requests ask for 16 tokens; MCP requests call the knowledge base's
 * {@code search} tool. Loopback only.
 */
public final class Soak {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final String[] QUESTIONS = {"How do I ingest a folder?", "What does the index check verify?",
            "Which model is the default?", "How are chunks sized?", "What is hybrid search?", "Tell me a story about a cat."};

    private Soak() {}

    record Sample(String when, long heapKb, int threads, int fds, long rssKb) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-8s heap(after GC) %7d KiB  threads %4d  fds %5d  rss %8d KiB", when, heapKb, threads, fds, rssKb);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Soak openai|mcp URL SERVER_PID [clients] [seconds]");
            System.exit(2);
        }
        String kind = args[0];
        URI uri = URI.create(args[1]);
        long pid = Long.parseLong(args[2]);
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 600;
        if (!"127.0.0.1".equals(uri.getHost())) throw new IllegalArgumentException("loopback only: " + uri);
        if (!kind.equals("openai") && !kind.equals("mcp")) throw new IllegalArgumentException("openai or mcp, not " + kind);

        var samples = new ArrayList<Sample>();
        samples.add(sample(pid, "before"));
        System.out.println(samples.getLast());
        AtomicLong shed = new AtomicLong();
        var errors = new ConcurrentHashMap<String, AtomicLong>();
        List<long[]> perClient = new ArrayList<>();
        long start = System.nanoTime(), deadline = start + Duration.ofSeconds(seconds).toNanos();
        List<HttpClient> pool = new ArrayList<>();
        for (int i = 0; i < (clients + 9) / 10; i++) {
            pool.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build());
        }
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            HttpClient http = pool.get(c / 10);
            int client = c;
            threads.add(Thread.ofVirtual().start(() -> {
                long[] lat = new long[256];
                int n = 0;
                try {
                    String session = kind.equals("mcp") ? openMcp(http, uri, client) : null;
                    for (long id = 1; System.nanoTime() < deadline; id++) {
                        String q = QUESTIONS[(int) ((client + id) % QUESTIONS.length)];
                        HttpRequest request = kind.equals("mcp") ? mcpSearch(uri, session, id, q) : chat(uri, q);
                        long t0 = System.nanoTime();
                        HttpResponse<String> r;
                        try {
                            r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                            continue;
                        }
                        long t = System.nanoTime() - t0;
                        if (r.statusCode() == 503) {
                            shed.incrementAndGet();
                            long wait = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                            Thread.sleep(Math.min(wait, 5) * 1000);
                            continue;
                        }
                        String problem = problem(kind, r);
                        if (problem != null) {
                            errors.computeIfAbsent(problem, k -> new AtomicLong()).incrementAndGet();
                            continue;
                        }
                        if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                        lat[n++] = t;
                    }
                } catch (IOException | RuntimeException e) {
                    errors.computeIfAbsent("session: " + e.getMessage(), k -> new AtomicLong()).incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (perClient) {
                    perClient.add(Arrays.copyOf(lat, n));
                }
            }));
        }
        for (int minute = 1; System.nanoTime() < deadline; minute++) {
            long left = deadline - System.nanoTime();
            Thread.sleep(Math.min(60_000, Math.max(1, left / 1_000_000)));
            if (System.nanoTime() < deadline) {
                samples.add(sample(pid, minute + " min"));
                System.out.println(samples.getLast());
            }
        }
        for (Thread t : threads) {
            if (!t.join(TIMEOUT.plusSeconds(30))) throw new IllegalStateException("a client hung past its request timeout");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.forEach(HttpClient::close);
        Thread.sleep(2000); // let the server close idle connections
        samples.add(sample(pid, "after"));
        System.out.println(samples.getLast());
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf(Locale.ROOT, "%s %s: %d clients, %.0f s: %d ok (%.1f/s), p50 %.1f ms, p99 %.1f ms, %d errors %s, %d shed (503)%n",
                kind, uri, clients, elapsed, all.length, all.length / elapsed, pct(all, 50), pct(all, 99), errorCount, errors, shed.get());
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** Why a response is an error, or null when it is a good answer. */
    private static String problem(String kind, HttpResponse<String> r) {
        if (r.statusCode() != 200) return "HTTP " + r.statusCode();
        String b = r.body();
        if (kind.equals("openai")) return b.contains("\"choices\"") ? null : "no choices";
        if (!b.contains("\"result\"")) return "no result";
        return b.contains("\"isError\":true") ? "isError" : null;
    }

    private static HttpRequest chat(URI base, String question) {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}],\"max_tokens\":16}";
        return HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest mcp(URI endpoint, String session, String json) {
        var b = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (session != null) b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        return b.build();
    }

    private static HttpRequest mcpSearch(URI endpoint, String session, long id, String query) {
        return mcp(endpoint, session, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"search\","
                + "\"arguments\":{\"query\":\"" + query + "\",\"k\":3}}}");
    }

    private static String openMcp(HttpClient http, URI endpoint, int client) throws IOException, InterruptedException {
        HttpResponse<String> init = http.send(mcp(endpoint, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"soak-" + client + "\",\"version\":\"1\"}}}"),
                HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
        if (init.statusCode() != 200) throw new IOException("initialize: HTTP " + init.statusCode());
        http.send(mcp(endpoint, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), HttpResponse.BodyHandlers.ofString());
        return session;
    }

    /** The server process seen from outside: heap used after a full GC (jcmd), threads and RSS (/proc), open fds. */
    static Sample sample(long pid, String when) throws IOException, InterruptedException {
        String jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        long heap = -1;
        Matcher m = HEAP_USED.matcher(run(jcmd, Long.toString(pid), "GC.heap_info"));
        if (m.find()) heap = Long.parseLong(m.group(1));
        String status = Files.readString(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8);
        int threads = (int) field(status, "Threads:");
        long rss = field(status, "VmRSS:");
        int fds;
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = (int) s.count();
        }
        return new Sample(when, heap, threads, fds, rss);
    }

    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) return Long.parseLong(line.substring(name.length()).strip().split("\\s+")[0]);
        }
        return -1;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
