package dev.cairn.mcp.auth;

import com.sun.net.httpserver.HttpServer;

import java.awt.Desktop;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The authorization handler of a command-line or desktop app (RFC 8252 loopback redirect): the redirect URI is
 * {@code http://127.0.0.1:PORT/callback}; for each authorization it listens there, opens the authorization URL
 * in the user's browser (or prints it when there is no desktop), waits for the browser to come back, and stops
 * listening.
 */
public final class LoopbackBrowserAuthorization implements AuthorizationHandler {
    private final Consumer<URI> opener;
    private final Duration timeout;
    private int port;

    /** Port 0 picks a free port once and keeps it. Waits up to five minutes for the user. */
    public LoopbackBrowserAuthorization(int port) {
        this(port, LoopbackBrowserAuthorization::open, Duration.ofMinutes(5));
    }

    /** {@code opener} shows the authorization URL to the user (tests follow it with an HTTP client). */
    public LoopbackBrowserAuthorization(int port, Consumer<URI> opener, Duration timeout) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        this.port = port;
        this.opener = opener;
        this.timeout = timeout;
    }

    @Override
    public synchronized URI redirectUri() {
        if (port == 0) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free loopback port for the OAuth redirect: " + e.getMessage(), e);
            }
        }
        return URI.create("http://127.0.0.1:" + port + "/callback");
    }

    @Override
    public URI authorize(URI authorizationUrl) throws IOException, InterruptedException {
        URI redirect = redirectUri();
        CompletableFuture<URI> callback = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), redirect.getPort()), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/callback", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            byte[] page = ("<!doctype html><title>Cairn</title><p>"
                    + (query != null && query.contains("error=") ? "Authorization was refused." : "Authorized.")
                    + " You can close this window.</p>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
            callback.complete(URI.create(redirect + (query == null ? "" : "?" + query)));
        });
        server.start();
        try {
            opener.accept(authorizationUrl);
            return callback.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer from the browser within " + timeout.toSeconds() + " s; authorization abandoned", e);
        } catch (ExecutionException e) {
            throw new IOException("the authorization callback failed: " + e.getCause(), e.getCause());
        } finally {
            server.stop(0);
        }
    }

    /** Opens the URL in the desktop browser, or prints it for the user to open. */
    private static void open(URI url) {
        try {
            if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(url);
                System.err.println("Opened your browser to authorize; if it did not open, visit:\n  " + url);
                return;
            }
        } catch (IOException | RuntimeException e) {
            // no desktop: print it instead
        }
        System.err.println("To authorize, open this URL in a browser:\n  " + url);
    }
}
