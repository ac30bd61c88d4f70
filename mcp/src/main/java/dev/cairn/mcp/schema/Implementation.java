package dev.cairn.mcp.schema;

import java.util.List;

/** Names an MCP client or server in the initialize handshake. */
public record Implementation(String name, String title, String version, String description, String websiteUrl,
                             List<Icon> icons) {
    public Implementation {
        Require.nonNull(name, "name");
        Require.nonNull(version, "version");
        icons = icons == null ? null : List.copyOf(icons);
    }

    public Implementation(String name, String version) {
        this(name, null, version, null, null, null);
    }
}
