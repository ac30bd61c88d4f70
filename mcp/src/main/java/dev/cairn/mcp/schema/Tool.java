package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A tool as listed by {@code tools/list}. {@code inputSchema} and {@code outputSchema} are JSON Schema objects
 * (2020-12 unless {@code $schema} says otherwise) whose root {@code type} is {@code "object"}.
 */
public record Tool(String name, String title, String description, ObjectNode inputSchema, ObjectNode outputSchema,
                   ToolAnnotations annotations, ObjectNode execution, List<Icon> icons,
                   @JsonProperty("_meta") ObjectNode meta) {
    public Tool {
        Require.nonNull(name, "name");
        Require.nonNull(inputSchema, "inputSchema");
        requireObjectSchema(inputSchema, "inputSchema");
        if (outputSchema != null) {
            requireObjectSchema(outputSchema, "outputSchema");
        }
        icons = icons == null ? null : List.copyOf(icons);
    }

    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final java.util.Set<String> HEADER_TYPES = java.util.Set.of("string", "integer", "boolean");

    /**
     * The parameters this tool mirrors into HTTP headers (2026-07-28, SEP-2243): property name to header
     * suffix ({@code Mcp-Param-<suffix>}), from {@code "x-mcp-header"} in the input schema. Null if an
     * annotation is invalid (empty, not a header token, on a type other than string/integer/boolean, or
     * duplicated ignoring case): clients must not use such a tool.
     */
    public java.util.Map<String, String> headerParameters() {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        if (!(inputSchema.get("properties") instanceof ObjectNode properties)) {
            return headers;
        }
        for (var property : properties.properties()) {
            var annotation = property.getValue().get("x-mcp-header");
            if (annotation == null) {
                continue;
            }
            var type = property.getValue().get("type");
            if (!annotation.isString() || !HEADER_NAME.matcher(annotation.stringValue()).matches()
                    || type == null || !type.isString() || !HEADER_TYPES.contains(type.stringValue())
                    || !seen.add(annotation.stringValue().toLowerCase(java.util.Locale.ROOT))) {
                return null;
            }
            headers.put(property.getKey(), annotation.stringValue());
        }
        return headers;
    }

    private static void requireObjectSchema(ObjectNode schema, String field) {
        var type = schema.get("type");
        if (type == null || !type.isString() || !"object".equals(type.stringValue())) {
            throw new IllegalArgumentException(field + " must be a JSON Schema with \"type\": \"object\"");
        }
    }
}
