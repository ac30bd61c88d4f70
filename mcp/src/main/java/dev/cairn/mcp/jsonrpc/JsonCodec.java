package dev.cairn.mcp.jsonrpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * Reads and writes JSON-RPC messages and converts params and results to and from the MCP schema records.
 *
 * <p>{@link #parse} is total: for any input it returns a message or throws {@link JsonRpcException} with
 * {@code -32700} (not JSON), {@code -32600} (JSON, but not a JSON-RPC message) or {@code -32602} (params not
 * an object), never anything else. Written messages never contain a raw newline, so they can be framed by
 * lines on stdio.
 */
public final class JsonCodec {
    private static final int MAX_DETAIL = 160;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonCodec() {
    }

    /** The mapper every MCP type is (de)serialized with: nulls omitted, unknown properties ignored. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static JsonRpcMessage parse(String json) {
        if (json == null) {
            throw new JsonRpcException(JsonRpcError.PARSE_ERROR, "Parse error: no input", null);
        }
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    public static JsonRpcMessage parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new JsonRpcException(JsonRpcError.PARSE_ERROR, "Parse error: " + brief(e.getOriginalMessage()), null);
        }
        if (root == null || root.isMissingNode()) {
            throw new JsonRpcException(JsonRpcError.PARSE_ERROR, "Parse error: no JSON value", null);
        }
        return fromTree(root);
    }

    /** Validates an already parsed JSON value as one JSON-RPC message. */
    public static JsonRpcMessage fromTree(JsonNode root) {
        if (root.isArray()) {
            throw invalid("Invalid Request: JSON-RPC batches are not supported by MCP", null);
        }
        if (!root.isObject()) {
            throw invalid("Invalid Request: a message must be a JSON object", null);
        }
        JsonNode idNode = root.get("id");
        RequestId id = RequestId.fromJson(idNode);
        JsonNode version = root.get("jsonrpc");
        if (version == null || !version.isString() || !"2.0".equals(version.stringValue())) {
            throw invalid("Invalid Request: \"jsonrpc\" must be \"2.0\"", id);
        }
        JsonNode method = root.get("method");
        if (method != null) {
            return requestOrNotification(root, method, idNode, id);
        }
        return response(root, idNode, id);
    }

    private static JsonRpcMessage requestOrNotification(JsonNode root, JsonNode method, JsonNode idNode, RequestId id) {
        if (!method.isString() || method.stringValue().isEmpty()) {
            throw invalid("Invalid Request: \"method\" must be a non-empty string", id);
        }
        if (root.has("result") || root.has("error")) {
            throw invalid("Invalid Request: a request cannot carry \"result\" or \"error\"", id);
        }
        if (idNode != null && id == null) {
            throw invalid("Invalid Request: \"id\" must be a string or an integer", null);
        }
        JsonNode params = root.get("params");
        ObjectNode paramsObject = null;
        if (params != null && !params.isNull()) {
            if (params.isArray()) {
                throw new JsonRpcException(JsonRpcError.INVALID_PARAMS, "Invalid params: MCP params are an object, not an array", id);
            }
            if (!params.isObject()) {
                throw invalid("Invalid Request: \"params\" must be an object", id);
            }
            paramsObject = (ObjectNode) params;
        }
        String name = method.stringValue();
        return id == null ? new JsonRpcMessage.Notification(name, paramsObject) : new JsonRpcMessage.Request(id, name, paramsObject);
    }

    private static JsonRpcMessage response(JsonNode root, JsonNode idNode, RequestId id) {
        JsonNode result = root.get("result");
        JsonNode error = root.get("error");
        if ((result == null) == (error == null)) {
            throw invalid("Invalid Request: a message needs \"method\", or exactly one of \"result\" and \"error\"", id);
        }
        if (result != null) {
            if (id == null) {
                throw invalid("Invalid Request: a response needs a string or integer \"id\"", null);
            }
            if (!result.isObject()) {
                throw invalid("Invalid Request: \"result\" must be an object", id);
            }
            return new JsonRpcMessage.Response(id, result);
        }
        if (idNode != null && !idNode.isNull() && id == null) {
            throw invalid("Invalid Request: \"id\" must be a string, an integer or null", null);
        }
        JsonNode code = error.get("code");
        JsonNode message = error.get("message");
        if (!error.isObject() || code == null || !code.isIntegralNumber() || !code.canConvertToInt()
                || message == null || !message.isString()) {
            throw invalid("Invalid Request: \"error\" needs an integer \"code\" and a string \"message\"", id);
        }
        return new JsonRpcMessage.ErrorResponse(id, new JsonRpcError(code.intValue(), message.stringValue(), error.get("data")));
    }

    private static JsonRpcException invalid(String message, RequestId id) {
        return new JsonRpcException(JsonRpcError.INVALID_REQUEST, message, id);
    }

    /** The message as one line of UTF-8 JSON. */
    public static String write(JsonRpcMessage message) {
        return MAPPER.writeValueAsString(toTree(message));
    }

    public static byte[] writeBytes(JsonRpcMessage message) {
        return MAPPER.writeValueAsBytes(toTree(message));
    }

    public static ObjectNode toTree(JsonRpcMessage message) {
        ObjectNode node = object();
        node.put("jsonrpc", "2.0");
        switch (message) {
            case JsonRpcMessage.Request r -> {
                putId(node, r.id());
                node.put("method", r.method());
                if (r.params() != null) {
                    node.set("params", r.params());
                }
            }
            case JsonRpcMessage.Notification n -> {
                node.put("method", n.method());
                if (n.params() != null) {
                    node.set("params", n.params());
                }
            }
            case JsonRpcMessage.Response r -> {
                putId(node, r.id());
                node.set("result", r.result());
            }
            case JsonRpcMessage.ErrorResponse e -> {
                putId(node, e.id());
                ObjectNode error = node.putObject("error");
                error.put("code", e.error().code());
                error.put("message", e.error().message());
                if (e.error().data() != null) {
                    error.set("data", e.error().data());
                }
            }
        }
        return node;
    }

    private static void putId(ObjectNode node, RequestId id) {
        switch (id) {
            case null -> {
                // an error about a message whose id could not be read: MCP sends it without an id
            }
            case RequestId.Text t -> node.put("id", t.value());
            case RequestId.Number n -> node.put("id", n.id());
        }
    }

    /** A schema record (or any value) as a JSON object tree. */
    public static ObjectNode toObject(Object value) {
        JsonNode node = MAPPER.valueToTree(value);
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new IllegalArgumentException("not a JSON object: " + value);
    }

    /**
     * Reads params into a schema record; a missing or wrongly typed field becomes {@code -32602} for the
     * request {@code id}.
     */
    public static <T> T params(JsonNode params, Class<T> type, RequestId id) {
        try {
            T value = MAPPER.treeToValue(params == null ? object() : params, type);
            if (value == null) {
                throw new JsonRpcException(JsonRpcError.INVALID_PARAMS, "Invalid params: missing", id);
            }
            return value;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new JsonRpcException(JsonRpcError.INVALID_PARAMS, "Invalid params: " + brief(rootMessage(e)), id);
        }
    }

    /** Reads a result into a schema record; throws {@link IllegalArgumentException} if it does not fit. */
    public static <T> T result(JsonNode result, Class<T> type) {
        try {
            return MAPPER.treeToValue(result, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unexpected result for " + type.getSimpleName() + ": " + brief(rootMessage(e)), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t instanceof JacksonException j ? j.getOriginalMessage() : t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }

    private static String brief(String message) {
        if (message == null) {
            return "malformed input";
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "..." : line;
    }
}
