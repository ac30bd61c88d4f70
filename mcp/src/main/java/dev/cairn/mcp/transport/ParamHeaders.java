package dev.cairn.mcp.transport;

import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.schema.Tool;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The custom routing headers of 2026-07-28 (SEP-2243): a tool parameter whose schema says
 * {@code "x-mcp-header": "Name"} is mirrored in an {@code Mcp-Param-Name} header, literally or as
 * {@code =?base64?...?=}. A tools/call whose header is missing, undecodable or different from the body is
 * refused, so intermediaries that route on headers cannot be misled.
 */
final class ParamHeaders {
    private static final Pattern ENCODED = Pattern.compile("=\\?base64\\?(.*)\\?=");
    private static final Pattern BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    private ParamHeaders() {
    }

    /** Why the request's Mcp-Param-* headers disagree with its arguments, or null if they agree. */
    static String mismatch(McpServer server, JsonRpcMessage.Request request, Function<String, String> headers) {
        if (!"tools/call".equals(request.method()) || request.params() == null) {
            return null;
        }
        JsonNode name = request.params().get("name");
        Tool tool = name != null && name.isString() ? server.toolDefinition(name.stringValue()) : null;
        if (tool == null || !(tool.inputSchema().get("properties") instanceof tools.jackson.databind.node.ObjectNode properties)) {
            return null;
        }
        JsonNode arguments = request.params().path("arguments");
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode suffix = property.getValue().get("x-mcp-header");
            if (suffix == null || !suffix.isString()) {
                continue;
            }
            String header = "Mcp-Param-" + suffix.stringValue();
            JsonNode value = arguments.get(property.getKey());
            String raw = headers.apply(header);
            if (value == null || value.isNull()) {
                if (raw != null) {
                    return header + " is set but the argument '" + property.getKey() + "' is absent";
                }
                continue;
            }
            if (raw == null) {
                return "Missing " + header + " header for argument '" + property.getKey() + "'";
            }
            String decoded = decode(raw.strip());
            if (decoded == null) {
                return header + " is not valid Base64";
            }
            String expected = value.isString() ? value.stringValue() : value.toString();
            if (!decoded.equals(expected)) {
                return header + " does not match the argument '" + property.getKey() + "'";
            }
        }
        return null;
    }

    /** A header value for an argument: as is if it is plain visible ASCII, else {@code =?base64?...?=}. */
    static String encode(JsonNode value) {
        String text = value.isString() ? value.stringValue() : value.toString();
        boolean plain = !text.isEmpty() && text.equals(text.strip()) && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                && !ENCODED.matcher(text).matches();
        return plain ? text : "=?base64?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** The header's value: Base64-decoded if wrapped in {@code =?base64?...?=}; null if that Base64 is invalid. */
    static String decode(String value) {
        var encoded = ENCODED.matcher(value);
        if (!encoded.matches()) {
            return value;
        }
        String base64 = encoded.group(1);
        if (!BASE64.matcher(base64).matches()) {
            return null;
        }
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
