package dev.cairn.mcp;

import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The client against the demo server over Streamable HTTP on loopback. */
class HttpClientTest extends ClientContract {
    private static StreamableHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = StreamableHttpServer.builder(DemoServer.create()).retryMillis(100).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected ClientTransport transport() {
        return StreamableHttpClientTransport.to(server.uri());
    }
}
