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

    private static void requireObjectSchema(ObjectNode schema, String field) {
        var type = schema.get("type");
        if (type == null || !type.isString() || !"object".equals(type.stringValue())) {
            throw new IllegalArgumentException(field + " must be a JSON Schema with \"type\": \"object\"");
        }
    }
}
