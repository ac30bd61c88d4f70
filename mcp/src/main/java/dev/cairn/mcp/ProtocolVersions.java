package dev.cairn.mcp;

import java.util.List;

/** The MCP revisions Cairn speaks, newest first, and how the server picks one in the handshake. */
public final class ProtocolVersions {
    public static final String LATEST = "2025-11-25";
    /** Assumed over HTTP when a request carries no {@code MCP-Protocol-Version} header and nothing else tells. */
    public static final String HTTP_DEFAULT = "2025-03-26";
    public static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26", "2024-11-05");
    /**
     * Stateless revisions: no handshake, the version travels in every request's {@code _meta}. Only the
     * core of 2026-07-28 is implemented so far (see {@code Stateless}).
     */
    public static final List<String> STATELESS = List.of("2026-07-28");

    private ProtocolVersions() {
    }

    public static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
    }

    /** The server's choice: the client's version if supported, otherwise the newest one this side supports. */
    static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }
}
