package dev.cairn.mcp;

import dev.cairn.mcp.transport.InProcessTransport;

/** The client contract in the stateless revision 2026-07-28 in process: per-request _meta, input_required rounds. */
class StatelessInProcessClientTest extends ClientContract {
    @Override
    protected String protocolVersion() {
        return "2026-07-28";
    }

    @Override
    protected ClientTransport transport() {
        return InProcessTransport.to(DemoServer.create());
    }
}
