package dev.cairn.mcp.jsonrpc;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A JSON-RPC request id. MCP allows a string or a number (never null); numbers are kept as integers
 * because MCP peers only ever send integral ids, and fractional ids are rejected as invalid requests.
 */
public sealed interface RequestId permits RequestId.Text, RequestId.Number {

    /** The id as it goes on the wire: a {@link String} or a {@link Long}. */
    @JsonValue
    Object value();

    static RequestId of(String value) {
        return new Text(value);
    }

    static RequestId of(long value) {
        return new Number(value);
    }

    /** Reads an id from a JSON node; null if the node is not a string or an integral number fitting a long. */
    static RequestId fromJson(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return new Text(node.stringValue());
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return new Number(node.longValue());
        }
        return null;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static RequestId fromJsonOrThrow(JsonNode node) {
        RequestId id = fromJson(node);
        if (id == null) {
            throw new IllegalArgumentException("a request id must be a string or an integer, got " + node);
        }
        return id;
    }

    record Text(String value) implements RequestId {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    record Number(long id) implements RequestId {
        @Override
        public Object value() {
            return id;
        }

        @Override
        public String toString() {
            return Long.toString(id);
        }
    }
}
