package dev.cairn.mcp;

import dev.cairn.mcp.transport.InProcessTransport;

class InProcessClientTest extends ClientContract {
    @Override
    protected ClientTransport transport() {
        return InProcessTransport.to(DemoServer.create());
    }
}
