package dev.cairn.spring;

import dev.cairn.mcp.transport.StreamableHttpHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.HttpRequestHandler;

/**
 * One MCP server at one path of the application's web server, speaking Streamable HTTP (both protocol revisions)
 * through the mcp module's {@link StreamableHttpHandler}. A GET stream or a streamed POST holds its request
 * thread while open: enable virtual threads ({@code spring.threads.virtual.enabled=true}) when clients keep
 * streams open.
 *
 * @param path    the path it is mapped to, within the servlet
 * @param handler the protocol handler; closing the endpoint ends its sessions
 */
public record McpHttpEndpoint(String path, StreamableHttpHandler handler) implements HttpRequestHandler, AutoCloseable {
    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) {
        handler.handle(new ServletHttpCall(request, response));
    }

    @Override
    public void close() {
        handler.close();
    }
}
