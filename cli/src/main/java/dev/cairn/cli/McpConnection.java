package dev.cairn.cli;

import dev.cairn.core.CairnException;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.auth.LoopbackBrowserAuthorization;
import dev.cairn.mcp.auth.OAuthClient;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.transport.StdioClientTransport;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects the command-line MCP client to {@code --server CMD|URL}: a URL starting with {@code http://} or
 * {@code https://} speaks Streamable HTTP; anything else is a command line, split as a shell would split simple
 * quoting, launched with MCP on its stdin/stdout. An HTTP server that requires authorization gets the MCP OAuth
 * flow, approved by the user in the browser.
 */
final class McpConnection {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private McpConnection() {}

    static McpClient connect(String server) {
        String s = server.strip();
        var builder = McpClient.builder().clientInfo(new Implementation("cairn-cli", "0.1.0"))
                .requestTimeout(TIMEOUT).handshakeTimeout(TIMEOUT);
        if (s.startsWith("http://") || s.startsWith("https://")) {
            try {
                return builder.connect(StreamableHttpClientTransport.to(s).connectTimeout(Duration.ofSeconds(10))
                        .authorization(oauth()));
            } catch (CairnException e) {
                throw new CairnException("cannot reach the MCP server at " + s + ": " + reason(e)
                        + " (is it running, and is the URL its /mcp endpoint?)", e);
            }
        }
        List<String> command = split(s);
        if (command.isEmpty()) throw new CairnException("--server is empty: give a URL (http://...) or a command line");
        try {
            return builder.connect(StdioClientTransport.command(command));
        } catch (CairnException e) {
            throw new CairnException("cannot talk MCP with '" + s + "': " + reason(e), e);
        }
    }

    /**
     * MCP authorization for servers that answer 401: discovery, registration and PKCE, with the user approving in
     * the browser, which comes back to a loopback port of this process.
     */
    private static OAuthClient oauth() {
        return OAuthClient.builder(new LoopbackBrowserAuthorization(0)).clientName("Cairn CLI").build();
    }

    /** The message of the exception, or of its cause when it has none worth showing. */
    private static String reason(Throwable e) {
        String message = e.getMessage() == null ? null : e.getMessage().strip();
        if (message != null && message.contains("HTTP request failed: null")) return "no HTTP connection";
        if (message != null && !message.endsWith(": null")) return message;
        Throwable root = rootCause(e);
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    /**
     * Splits a command line into words: whitespace separates, {@code '...'} is literal, {@code "..."} keeps
     * spaces and honours {@code \"} and {@code \\}, a backslash outside quotes escapes the next character.
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        var word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new CairnException("unterminated ' in --server " + line);
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < line.length() && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                        d = line.charAt(++j);
                    }
                    word.append(d);
                }
                if (j >= line.length()) throw new CairnException("unterminated \" in --server " + line);
                i = j;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}
