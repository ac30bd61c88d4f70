package dev.cairn.server;

import com.sun.net.httpserver.HttpExchange;
import dev.cairn.server.openai.ApiError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reading JSON request bodies (bounded) and writing JSON responses and OpenAI-format errors on an exchange. */
final class Exchanges {
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Exchanges() {}

    /** The body as {@code type}; 413 when longer than {@code limit} bytes, 400 when it is not that JSON. */
    static <T> T readJson(HttpExchange exchange, long limit, Class<T> type) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > limit) throw tooLarge(limit);
            } catch (NumberFormatException e) {
                throw ServerException.invalid(null, "Content-Length is not a number: " + declared);
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        if (body.length > limit) throw tooLarge(limit);
        if (body.length == 0) throw ServerException.invalid(null, "the request body is empty: send a JSON object");
        try {
            T value = JSON.readValue(body, type);
            if (value == null) throw ServerException.invalid(null, "the request body is JSON null: send a JSON object");
            return value;
        } catch (DatabindException e) {
            String path = e.getPath().isEmpty() ? null : pathOf(e);
            throw ServerException.invalid(path, (path == null ? "" : path + ": ") + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw ServerException.invalid(null, "the request body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String pathOf(DatabindException e) {
        var sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) return "malformed";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static ServerException tooLarge(long limit) {
        return new ServerException(413, "invalid_request_error", null, "request_too_large",
                "the request body is larger than " + limit + " bytes (cairn serve --max-body-bytes)");
    }

    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The error as OpenAI sends it; 503 carries {@code Retry-After}, 405 an {@code Allow} header set by the caller. */
    static void sendError(HttpExchange exchange, ServerException e) throws IOException {
        if (e.status() == 503) exchange.getResponseHeaders().set("Retry-After", "1");
        sendJson(exchange, e.status(), ApiError.of(e.getMessage(), e.type(), e.param(), e.code()));
    }

    static void sendText(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static ServerException notFound(HttpExchange exchange) {
        return new ServerException(404, "not_found_error", null, "unknown_url",
                "no endpoint " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    }

    /** 405 unless the request uses {@code method}; sets {@code Allow}. */
    static void requireMethod(HttpExchange exchange, String method) {
        if (exchange.getRequestMethod().equalsIgnoreCase(method)) return;
        exchange.getResponseHeaders().set("Allow", method);
        throw new ServerException(405, "invalid_request_error", null, "method_not_allowed",
                exchange.getRequestURI().getPath() + " takes " + method + ", not " + exchange.getRequestMethod());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
