package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** The server's answer to {@code initialize}: the revision it chose, its capabilities, identity and instructions. */
public record InitializeResult(String protocolVersion, ServerCapabilities capabilities, Implementation serverInfo,
                               String instructions, @JsonProperty("_meta") ObjectNode meta) {
    public InitializeResult {
        Require.nonNull(protocolVersion, "protocolVersion");
        Require.nonNull(capabilities, "capabilities");
        Require.nonNull(serverInfo, "serverInfo");
    }
}
