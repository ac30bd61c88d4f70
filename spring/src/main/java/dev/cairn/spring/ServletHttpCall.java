package dev.cairn.spring;

import dev.cairn.mcp.transport.HttpCall;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A servlet request and its response as the MCP transport's {@link HttpCall}. */
record ServletHttpCall(HttpServletRequest request, HttpServletResponse response) implements HttpCall {
    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String requestHeader(String name) {
        return request.getHeader(name);
    }

    @Override
    public InputStream requestBody() throws IOException {
        return request.getInputStream();
    }

    @Override
    public void responseHeader(String name, String value) {
        response.setHeader(name, value);
    }

    @Override
    public OutputStream sendHeaders(int status, long length) throws IOException {
        response.setStatus(status);
        if (length > 0) {
            response.setContentLengthLong(length);
        } else if (length < 0) {
            response.setContentLength(0);
        }
        OutputStream body = response.getOutputStream();
        if (length <= 0) {
            response.flushBuffer(); // the status and headers go out now: an SSE stream may stay quiet for a while
        }
        return body;
    }
}
