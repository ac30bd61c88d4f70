package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Params of {@code initialize}: the newest revision the client speaks, its capabilities and identity. */
public record InitializeParams(String protocolVersion, ClientCapabilities capabilities, Implementation clientInfo,
                               @JsonProperty("_meta") ObjectNode meta) {
    public InitializeParams {
        Require.nonNull(protocolVersion, "protocolVersion");
        Require.nonNull(capabilities, "capabilities");
        Require.nonNull(clientInfo, "clientInfo");
    }
}
