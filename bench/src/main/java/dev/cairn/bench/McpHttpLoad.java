package dev.cairn.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed-loop Streamable HTTP load generator for MCP {@code tools/call}: each of {@code clients} virtual threads
 * opens its own session (initialize, notifications/initialized), then calls the {@code echo} tool back to back
 * until the time is up or the request budget is spent. Loopback only; every request has a timeout.
 */
final class McpHttpLoad {
    static final String VERSION = "2025-11-25";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern PROTOCOL = Pattern.compile("\"protocolVersion\"\\s*:\\s*\"([^\"]+)\"");

    /** What one run measured; latencies in nanoseconds, sorted. */
    record Result(String server, int clients, long ok, long errors, double seconds, long[] latencies) {
        double perSecond() {
            return ok / seconds;
        }

        double percentileMillis(double p) {
            if (latencies.length == 0) return Double.NaN;
            int i = (int) Math.min(latencies.length - 1, Math.ceil(p / 100 * latencies.length) - 1);
            return latencies[Math.max(0, i)] / 1e6;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%-22s %3d clients  %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d ok, %d errors, %.1f s)",
                    server, clients, perSecond(), percentileMillis(50), percentileMillis(99), ok, errors, seconds);
        }
    }

    private final URI endpoint;

    McpHttpLoad(URI endpoint) {
        if (!"127.0.0.1".equals(endpoint.getHost())) throw new IllegalArgumentException("loopback only: " + endpoint);
        this.endpoint = endpoint;
    }

    /** Clients sharing one {@code HttpClient}: one shared by all 50 makes its selector thread the bottleneck. */
    static final int CLIENTS_PER_HTTP_CLIENT = 10;

    /** An {@code HttpClient} for {@link #CLIENTS_PER_HTTP_CLIENT} simulated clients (their connections, one selector thread). */
    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    Result run(String server, int clients, Duration duration, long maxRequests) throws InterruptedException {
        AtomicLong budget = new AtomicLong(maxRequests);
        AtomicLong errors = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<HttpClient> pool = new ArrayList<>();
        for (int i = 0; i < (clients + CLIENTS_PER_HTTP_CLIENT - 1) / CLIENTS_PER_HTTP_CLIENT; i++) pool.add(newClient());
        for (int c = 0; c < clients; c++) {
            HttpClient http = pool.get(c / CLIENTS_PER_HTTP_CLIENT);
            long[][] lat = {new long[1024]};
            int[] n = {0};
            int client = c;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Session s = open(http, client);
                    for (long id = 1; System.nanoTime() < deadline && budget.decrementAndGet() >= 0; id++) {
                        long t0 = System.nanoTime();
                        boolean ok = call(http, s, id);
                        long t = System.nanoTime() - t0;
                        if (!ok) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (n[0] == lat[0].length) lat[0] = Arrays.copyOf(lat[0], n[0] * 2);
                        lat[0][n[0]++] = t;
                    }
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (perClient) {
                    perClient.add(Arrays.copyOf(lat[0], n[0]));
                }
            }));
        }
        for (Thread t : threads) {
            if (!t.join(duration.plus(REQUEST_TIMEOUT).plusSeconds(20))) throw new IllegalStateException("a client hung");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.forEach(HttpClient::close);
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(server, clients, all.length, errors.get(), seconds, all);
    }

    private record Session(String id, String version) {}

    private Session open(HttpClient http, int client) throws IOException, InterruptedException {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + VERSION
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cairn-bench-" + client + "\",\"version\":\"1\"}}}";
        HttpResponse<String> r = http.send(post(init, null, null), HttpResponse.BodyHandlers.ofString());
        String session = r.headers().firstValue("Mcp-Session-Id").orElse(null);
        Matcher m = PROTOCOL.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) throw new IOException("initialize failed: " + r.statusCode() + " " + r.body());
        Session s = new Session(session, m.group(1));
        HttpResponse<String> n = http.send(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", s.id, s.version),
                HttpResponse.BodyHandlers.ofString());
        if (n.statusCode() != 202) throw new IOException("notifications/initialized: " + n.statusCode());
        return s;
    }

    private boolean call(HttpClient http, Session s, long id) throws InterruptedException {
        String text = "ping " + id;
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\""
                + text + "\"}}}";
        try {
            HttpResponse<String> r = http.send(post(body, s.id, s.version), HttpResponse.BodyHandlers.ofString());
            String b = r.body();
            return r.statusCode() == 200 && b.contains("\"result\"") && b.contains(text) && !b.contains("\"isError\":true");
        } catch (IOException e) {
            return false;
        }
    }

    private HttpRequest post(String json, String session, String version) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (session != null) b.header("Mcp-Session-Id", session);
        if (version != null) b.header("MCP-Protocol-Version", version);
        return b.build();
    }
}
