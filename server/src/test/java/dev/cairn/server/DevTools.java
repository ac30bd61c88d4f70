package dev.cairn.server;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol: the browser is started with
 * {@code --remote-debugging-port=0} in a fresh profile folder, its port read from {@code DevToolsActivePort}, and
 * the first page target is driven through a {@link WebSocket} (commands as JSON with ids, answers matched by id).
 */
final class DevTools implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private DevTools(Process browser, WebSocket socket) {
        this.browser = browser;
        this.socket = socket;
    }

    static DevTools launch(Path profile) throws IOException, InterruptedException {
        Process browser = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,800",
                "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (!browser.isAlive()) throw new IOException("chromium exited with " + browser.exitValue() + " (see chromium.log)");
                if (System.nanoTime() > deadline) throw new IOException("chromium wrote no DevToolsActivePort in 30 s");
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).getFirst().strip());
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String ws = null;
            for (JsonNode target : Exchanges.JSON.readTree(list)) {
                if ("page".equals(target.path("type").asString(""))) ws = target.get("webSocketDebuggerUrl").asString();
            }
            if (ws == null) throw new IOException("chromium has no page target: " + list);
            var holder = new CompletableFuture<DevTools>();
            var listener = new Listener(holder);
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(ws), listener).join();
            DevTools tools = new DevTools(browser, socket);
            holder.complete(tools);
            return tools;
        } catch (IOException | RuntimeException e) {
            browser.destroyForcibly();
            throw e;
        }
    }

    /** Sends a command and waits for its result; a protocol error fails. */
    JsonNode call(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = Exchanges.JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", Exchanges.JSON.valueToTree(params));
        var answer = new CompletableFuture<JsonNode>();
        pending.put(id, answer);
        socket.sendText(msg.toString(), true).join();
        JsonNode r = answer.orTimeout(30, TimeUnit.SECONDS).join();
        if (r.has("error")) throw new IllegalStateException(method + " failed: " + r.get("error"));
        return r.get("result");
    }

    /** The value of a JavaScript expression (awaited when it is a promise). */
    JsonNode eval(String expression) {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException(expression + " threw: " + r.get("exceptionDetails"));
        return r.get("result").path("value");
    }

    /** Waits until {@code condition} (JavaScript) is true. */
    void waitFor(String condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval("Boolean(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + condition);
            Thread.sleep(50);
        }
    }

    /** A real mouse click (pressed and released) at the centre of the first element matching {@code selector}. */
    void click(String selector) {
        JsonNode box = eval("(() => { const r = document.querySelector(" + Exchanges.JSON.writeValueAsString(selector)
                + ").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()");
        double x = box.get(0).asDouble(), y = box.get(1).asDouble();
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
        }
    }

    @Override
    public void close() {
        socket.abort();
        browser.destroy();
        try {
            if (!browser.waitFor(10, TimeUnit.SECONDS)) browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final CompletableFuture<DevTools> tools;
        private final StringBuilder frame = new StringBuilder();

        Listener(CompletableFuture<DevTools> tools) {
            this.tools = tools;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                JsonNode msg = Exchanges.JSON.readTree(frame.toString());
                frame.setLength(0);
                if (msg.has("id")) {
                    DevTools t = tools.join();
                    var answer = t.pending.remove(msg.get("id").asInt());
                    if (answer != null) answer.complete(msg);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
