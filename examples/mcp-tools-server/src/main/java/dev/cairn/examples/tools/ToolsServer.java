package dev.cairn.examples.tools;

import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.transport.StdioServerTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mcp-tools-server.jar --stdio | --http PORT [--host HOST]}: serves {@link WorkshopTools} as an
 * MCP server on stdin/stdout (for clients that launch their servers) or over Streamable HTTP at
 * {@code http://HOST:PORT/mcp} (127.0.0.1 by default). Both protocol revisions are spoken.
 */
public final class ToolsServer {
    static final String USAGE = "usage: mcp-tools-server --stdio | --http PORT [--host HOST]";

    private ToolsServer() {
    }

    /** The server: every {@code @McpTool} method of {@link WorkshopTools}. */
    public static McpServer create() {
        return McpServer.builder().name("workshop-tools").version("1.0.0")
                .instructions("Small exact tools: temperature conversion, day counts and text statistics.")
                .tools(new WorkshopTools())
                .build();
    }

    /** Starts the Streamable HTTP server; port 0 picks a free one. */
    public static StreamableHttpServer http(String host, int port) throws IOException {
        return StreamableHttpServer.builder(create()).host(host).port(port).start();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--stdio")) {
            StdioServerTransport.serve(create());
            return;
        }
        if ((args.length == 2 || args.length == 4) && args[0].equals("--http")
                && (args.length == 2 || args[2].equals("--host"))) {
            int port;
            try {
                port = Integer.parseInt(args[1]);
            } catch (NumberFormatException e) {
                usage("--http needs a port number, got '" + args[1] + "'");
                return;
            }
            StreamableHttpServer server;
            try {
                server = http(args.length == 4 ? args[3] : "127.0.0.1", port);
            } catch (IOException e) {
                System.err.println("mcp-tools-server: cannot listen on port " + port + ": " + e.getMessage());
                System.exit(1);
                return;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }));
            System.err.println("mcp-tools-server: Streamable HTTP at " + server.uri());
            stopped.await();
            return;
        }
        usage(null);
    }

    private static void usage(String problem) {
        System.err.println(problem == null ? USAGE : "mcp-tools-server: " + problem + "\n" + USAGE);
        System.exit(2);
    }
}
