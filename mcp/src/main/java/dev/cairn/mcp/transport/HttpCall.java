package dev.cairn.mcp.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One HTTP request and its response, as {@link StreamableHttpHandler} needs them: the seam between MCP's
 * Streamable HTTP rules and whichever HTTP server carries them (the JDK's {@code HttpServer} in
 * {@link StreamableHttpServer}, a servlet container in Cairn's Spring Boot starter).
 */
public interface HttpCall {
    /** The request method, e.g. {@code POST}. */
    String method();

    /** The first value of a request header, or null if it is absent. */
    String requestHeader(String name);

    InputStream requestBody() throws IOException;

    /** Sets a response header; only before {@link #sendHeaders}. */
    void responseHeader(String name, String value);

    /**
     * Sends the status and headers and returns the stream for the body, which the caller flushes as it
     * writes. {@code length} is the exact body length, {@code 0} for a body of unknown length written as it
     * comes (SSE), or {@code -1} for no body.
     */
    OutputStream sendHeaders(int status, long length) throws IOException;
}
