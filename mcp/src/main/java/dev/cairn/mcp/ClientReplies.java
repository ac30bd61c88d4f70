package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.schema.ClientCapabilities;
import dev.cairn.mcp.schema.CreateMessageParams;
import dev.cairn.mcp.schema.ElicitParams;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.schema.ListChanged;
import dev.cairn.mcp.schema.Root;
import dev.cairn.mcp.schema.LoggingLevel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the client answers the server: requests the server sends (2025-11-25: ping, sampling, elicitation,
 * roots, through the {@link McpClient.Builder#onRequest} handlers or the typed ones made here), and in the stateless revision what every
 * request carries in {@code _meta} and how an {@code input_required} result turns into the retried request
 * (the handlers' answers plus the echoed, opaque {@code requestState}).
 */
final class ClientReplies {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientReplies.class);
    private ClientReplies() {
    }

    /** The answer to a request from the server: ping always; other methods by their handler, else -32601. */
    static JsonRpcMessage answer(JsonRpcMessage.Request request,
                                                       Map<String, McpClient.RequestHandler> handlers) {
        var id = request.id();
        McpClient.RequestHandler handler = handlers.get(request.method());
        try {
            if ("ping".equals(request.method())) {
                return new JsonRpcMessage.Response(id, JsonCodec.object());
            }
            if (handler == null) {
                return new JsonRpcMessage.ErrorResponse(id, new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND,
                        "Method not found: " + request.method()));
            }
            ObjectNode params = request.params() == null ? JsonCodec.object() : request.params();
            return new JsonRpcMessage.Response(id, handler.handle(params));
        } catch (McpException e) {
            return new JsonRpcMessage.ErrorResponse(id, new JsonRpcError(e.code(), e.getMessage(), e.data()));
        } catch (Exception e) {
            log.warn("handler for {} failed", request.method(), e);
            return new JsonRpcMessage.ErrorResponse(id,
                    new JsonRpcError(JsonRpcError.INTERNAL_ERROR, String.valueOf(e)));
        }
    }

    /** {@code sampling/createMessage} answered by a typed model. */
    static McpClient.RequestHandler sampling(SamplingModel model) {
        java.util.Objects.requireNonNull(model, "model");
        return params -> JsonCodec.toObject(model.createMessage(JsonCodec.result(params, CreateMessageParams.class)));
    }

    /** {@code elicitation/create} answered by a typed handler. */
    static McpClient.RequestHandler elicitation(ElicitationHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        return params -> JsonCodec.toObject(handler.elicit(JsonCodec.result(params, ElicitParams.class)));
    }

    /** {@code roots/list} answered with the supplier's current roots. */
    static McpClient.RequestHandler roots(Supplier<List<Root>> roots) {
        java.util.Objects.requireNonNull(roots, "roots");
        return params -> {
            ObjectNode result = JsonCodec.object();
            result.set("roots", JsonCodec.mapper().valueToTree(List.copyOf(roots.get())));
            return result;
        };
    }

    /** The given capabilities plus those the typed handlers imply, where not declared already. */
    static ClientCapabilities implied(ClientCapabilities given, boolean sampling, boolean elicitation, boolean roots) {
        ObjectNode elicit = given.elicitation();
        if (elicit == null && elicitation) {
            elicit = JsonCodec.object();
            elicit.putObject("form");
            elicit.putObject("url");
        }
        return new ClientCapabilities(given.experimental(), given.roots() == null && roots ? new ListChanged(true) : given.roots(),
                given.sampling() == null && sampling ? JsonCodec.object() : given.sampling(), elicit, given.tasks());
    }

    /** Puts the protocol version, client info, capabilities and (if set) log level into the params' {@code _meta}. */
    static void stamp(ObjectNode params, String version, Implementation clientInfo, ClientCapabilities capabilities,
                      LoggingLevel logLevel) {
        ObjectNode meta = params.get("_meta") instanceof ObjectNode m ? m : params.putObject("_meta");
        meta.put(Stateless.VERSION, version);
        meta.set(Stateless.CLIENT_INFO, JsonCodec.toObject(clientInfo));
        meta.set(Stateless.CLIENT_CAPABILITIES, JsonCodec.toObject(capabilities));
        if (logLevel != null) {
            meta.set(Stateless.LOG_LEVEL, JsonCodec.mapper().valueToTree(logLevel));
        }
    }

    /**
     * For an {@code UnsupportedProtocolVersionError} (-32022): the first stateless version the server says it
     * supports and this client speaks too, to retry with; null otherwise.
     */
    static String supportedInstead(McpException e) {
        if (e.code() != Stateless.UNSUPPORTED_PROTOCOL_VERSION || e.data() == null) {
            return null;
        }
        for (JsonNode supported : e.data().path("supported")) {
            if (supported.isString() && ProtocolVersions.STATELESS.contains(supported.stringValue())) {
                return supported.stringValue();
            }
        }
        return null;
    }

    /** True for an input_required result (a missing {@code resultType} means complete). */
    static boolean needsInput(JsonNode result) {
        return "input_required".equals(result.path("resultType").asString(""));
    }

    /** The params of the retry: the answers of {@code handlers} to each input request, and the echoed state. */
    static ObjectNode retryWithInputs(ObjectNode params, JsonNode result, Map<String, McpClient.RequestHandler> handlers) {
        ObjectNode retry = params.deepCopy();
        retry.remove("inputResponses");
        retry.remove("requestState");
        ObjectNode responses = retry.putObject("inputResponses");
        for (Map.Entry<String, JsonNode> input : result.path("inputRequests").properties()) {
            String method = input.getValue().path("method").asString("");
            McpClient.RequestHandler handler = handlers.get(method);
            if (handler == null) {
                throw new McpException(JsonRpcError.METHOD_NOT_FOUND, "The server asked for " + method
                        + " input, which this client does not answer", null, null);
            }
            try {
                JsonNode inputParams = input.getValue().get("params");
                responses.set(input.getKey(), handler.handle(inputParams instanceof ObjectNode o ? o : JsonCodec.object()));
            } catch (McpException e) {
                throw e;
            } catch (Exception e) {
                throw new McpException("Answering the server's " + method + " failed: " + e.getMessage(), e);
            }
        }
        JsonNode state = result.get("requestState");
        if (state != null && state.isString()) {
            retry.put("requestState", state.stringValue());
        }
        return retry;
    }
}
