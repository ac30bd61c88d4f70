package dev.cairn.mcp.transport;

import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.ProtocolVersions;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Set;

/**
 * Streamable HTTP for the stateless revision 2026-07-28: no session; each POST is one self-contained request
 * whose {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers must agree with its body
 * ({@code -32020} and 400 otherwise). Errors map to HTTP statuses: unknown method 404, bad params, version or
 * header 400.
 */
final class StatelessHttp {
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";
    private static final int HEADER_MISMATCH = -32020;
    private static final Set<Integer> BAD_REQUEST = Set.of(JsonRpcError.INVALID_PARAMS, HEADER_MISMATCH, -32021, -32022);

    /**
     * How long a request may run before its answer becomes an SSE stream with keep-alive comments, and their
     * interval: writing them is how a closed connection is noticed (JDK HttpServer reports it only on write),
     * so a client that disconnects mid-request has its work cancelled within a few intervals.
     */
    private static final long KEEP_ALIVE_MILLIS = 2_000;

    private final McpServer server;

    StatelessHttp(McpServer server) {
        this.server = server;
    }

    /** True for a sessionless message of a stateless revision (by its header or its {@code _meta}). */
    static boolean applies(JsonRpcMessage message, String versionHeader) {
        if (versionHeader != null && !ProtocolVersions.isSupported(versionHeader.strip())) {
            return true;
        }
        return message instanceof JsonRpcMessage.Request request && metaVersion(request) != null
                && !ProtocolVersions.isSupported(metaVersion(request));
    }

    private static String metaVersion(JsonRpcMessage.Request request) {
        JsonNode version = request.params() == null ? null
                : request.params().path("_meta").get("io.modelcontextprotocol/protocolVersion");
        return version != null && version.isString() ? version.stringValue() : null;
    }

    void post(JsonRpcMessage message, HttpCall call, Responses out) throws IOException {
        if (!(message instanceof JsonRpcMessage.Request request)) {
            out.status(202, null);
            return;
        }
        String mismatch = headerMismatch(request, call.requestHeader(StreamableHttpServer.VERSION_HEADER),
                call.requestHeader(METHOD_HEADER), call.requestHeader(NAME_HEADER));
        if (mismatch == null) {
            mismatch = ParamHeaders.mismatch(server, request, call::requestHeader);
        }
        if (mismatch != null) {
            out.json(400, new JsonRpcMessage.ErrorResponse(request.id(), new JsonRpcError(HEADER_MISMATCH, mismatch)));
            return;
        }
        EventStream stream = new EventStream("stateless", 10_000);
        int generation = stream.attach();
        boolean answered = false;
        try {
            server.handleStateless(request, new PostStream(stream));
            EventStream.Next first = stream.next(0, generation, KEEP_ALIVE_MILLIS);
            if (first.kind() == EventStream.Kind.EVENT && PostStream.isAnswer(first.message())) {
                answered = true;
                out.json(status(first.message()), first.message());
            } else if (first.kind() == EventStream.Kind.FINISHED) {
                answered = true;
                out.status(202, null);
            } else {
                out.startEvents();
                while (first != null) {
                    if (first.kind() == EventStream.Kind.EVENT) {
                        out.event(null, first.message());
                        if (PostStream.isAnswer(first.message())) {
                            answered = true;
                            return;
                        }
                    } else if (first.kind() == EventStream.Kind.IDLE) {
                        out.comment("keep-alive");
                    } else if (first.kind() != EventStream.Kind.SUSPENDED) {
                        answered = first.kind() == EventStream.Kind.FINISHED;
                        return;
                    }
                    first = stream.next(first.seq(), generation, KEEP_ALIVE_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.detach(generation);
            if (answered) {
                stream.abandon();
            } else {
                stream.abandonUnanswered(); // the client went away (a write failed) or we were interrupted: cancel
            }
        }
    }

    private static int status(JsonRpcMessage answer) {
        if (answer instanceof JsonRpcMessage.ErrorResponse error) {
            int code = error.error().code();
            if (code == JsonRpcError.METHOD_NOT_FOUND) {
                return 404;
            }
            if (BAD_REQUEST.contains(code)) {
                return 400;
            }
        }
        return 200;
    }

    /** Why the routing headers disagree with the body, or null if they agree. */
    static String headerMismatch(JsonRpcMessage.Request request, String version, String method, String name) {
        if (version == null || version.isBlank()) {
            return "Missing MCP-Protocol-Version header";
        }
        String metaVersion = metaVersion(request);
        if (metaVersion != null && !metaVersion.equals(version.strip())) {
            return "MCP-Protocol-Version header does not match _meta " + "io.modelcontextprotocol/protocolVersion";
        }
        if (method == null) {
            return "Missing Mcp-Method header";
        }
        if (!method.strip().equals(request.method())) {
            return "Mcp-Method header '" + method.strip() + "' does not match the body's method '" + request.method() + "'";
        }
        String expected = expectedName(request);
        if (expected != null) {
            if (name == null) {
                return "Missing Mcp-Name header";
            }
            String decoded = ParamHeaders.decode(name.strip());
            if (!expected.equals(decoded)) {
                return "Mcp-Name header '" + name.strip() + "' does not match the body's '" + expected + "'";
            }
        }
        return null;
    }

    private static String expectedName(JsonRpcMessage.Request request) {
        String field = switch (request.method()) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            default -> null;
        };
        JsonNode value = field == null || request.params() == null ? null : request.params().get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
