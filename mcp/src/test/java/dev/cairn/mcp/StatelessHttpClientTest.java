package dev.cairn.mcp;

import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The client contract in the stateless revision 2026-07-28 over Streamable HTTP: no session, routing headers. */
class StatelessHttpClientTest extends ClientContract {
    private static StreamableHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = StreamableHttpServer.builder(DemoServer.create()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected String protocolVersion() {
        return "2026-07-28";
    }

    @Override
    protected ClientTransport transport() {
        return StreamableHttpClientTransport.to(server.uri());
    }
}
