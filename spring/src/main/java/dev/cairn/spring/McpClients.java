package dev.cairn.spring;

import dev.cairn.core.CairnException;
import dev.cairn.mcp.ClientTransport;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.transport.StdioClientTransport;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The MCP servers of {@code cairn.mcp.clients.*}, by name. Each is connected on first use (so an application
 * starts while a server it uses is still coming up) and stays connected until the context closes.
 */
public final class McpClients implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, CairnProperties.Mcp.Client> settings;
    private final Implementation clientInfo;
    private final Map<String, McpClient> connected = new LinkedHashMap<>();

    McpClients(Map<String, CairnProperties.Mcp.Client> settings, Implementation clientInfo) {
        this.settings = Map.copyOf(settings);
        this.clientInfo = clientInfo;
    }

    /** The configured names. */
    public Set<String> names() {
        return settings.keySet();
    }

    /**
     * The client of the server named {@code name}, connecting it if this is the first use.
     *
     * @throws CairnSpringException when no such server is configured or it cannot be reached
     */
    public synchronized McpClient client(String name) {
        McpClient client = connected.get(name);
        if (client != null) {
            return client;
        }
        CairnProperties.Mcp.Client config = settings.get(name);
        if (config == null) {
            throw new CairnSpringException("no MCP server named '" + name + "' in cairn.mcp.clients (configured: "
                    + (settings.isEmpty() ? "none" : String.join(", ", settings.keySet())) + ")");
        }
        ClientTransport transport = config.url() != null
                ? StreamableHttpClientTransport.to(config.url()).connectTimeout(Duration.ofSeconds(10))
                : StdioClientTransport.command(config.command());
        try {
            client = McpClient.builder().clientInfo(clientInfo).requestTimeout(TIMEOUT).handshakeTimeout(TIMEOUT).connect(transport);
        } catch (CairnException e) {
            String where = config.url() != null ? "at " + config.url() : "started by " + String.join(" ", config.command());
            throw new CairnSpringException("cannot connect to MCP server cairn.mcp.clients." + name + " " + where + ": " + e.getMessage(), e);
        }
        connected.put(name, client);
        return client;
    }

    @Override
    public synchronized void close() {
        connected.values().forEach(McpClient::close);
        connected.clear();
    }
}
