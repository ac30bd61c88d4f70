package dev.cairn.server;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The web chat UI: a fixed set of files from {@code dev/cairn/server/ui/} on the classpath (no build step). */
final class StaticFiles {
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/app.css", "app.css");

    private final Map<String, byte[]> bodies;

    StaticFiles() {
        var loaded = new java.util.HashMap<String, byte[]>();
        for (String file : FILES.values()) {
            try (InputStream in = StaticFiles.class.getResourceAsStream("ui/" + file)) {
                if (in == null) throw new IllegalStateException("the UI file ui/" + file + " is missing from the server jar");
                loaded.put(file, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.bodies = Map.copyOf(loaded);
    }

    void handle(HttpExchange exchange) throws IOException {
        String file = FILES.get(exchange.getRequestURI().getPath());
        if (file == null) throw Exchanges.notFound(exchange);
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) Exchanges.requireMethod(exchange, "GET");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
        byte[] body = method.equals("HEAD") ? new byte[0] : bodies.get(file);
        Exchanges.sendText(exchange, 200, type(file), body);
    }

    private static String type(String file) {
        if (file.endsWith(".html")) return "text/html; charset=utf-8";
        if (file.endsWith(".js")) return "text/javascript; charset=utf-8";
        return "text/css; charset=utf-8";
    }
}
