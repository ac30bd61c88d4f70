package dev.cairn.mcp.transport;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** An exchange of the JDK's built-in HTTP server as an {@link HttpCall}. */
record JdkHttpCall(HttpExchange exchange) implements HttpCall {
    @Override
    public String method() {
        return exchange.getRequestMethod();
    }

    @Override
    public String requestHeader(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public InputStream requestBody() {
        return exchange.getRequestBody();
    }

    @Override
    public void responseHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    @Override
    public OutputStream sendHeaders(int status, long length) throws IOException {
        exchange.sendResponseHeaders(status, length);
        return exchange.getResponseBody();
    }
}
