package dev.cairn.agents.langchain4j;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema as MCP carries it (a Jackson tree) to LangChain4j's schema elements and back: types, properties,
 * required, items, string enums, anyOf, descriptions. Anything else (formats, bounds) has no LangChain4j
 * element and is left out; the MCP server still validates the arguments against its full schema.
 */
final class JsonSchemas {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonSchemas() {
    }

    static JsonObjectSchema toObjectSchema(ObjectNode schema) {
        return (JsonObjectSchema) toElement(schema);
    }

    static JsonSchemaElement toElement(JsonNode schema) {
        String description = schema.path("description").isString() ? schema.get("description").asString() : null;
        if (schema.get("enum") instanceof ArrayNode values) {
            List<String> strings = new ArrayList<>();
            for (JsonNode v : values) strings.add(v.isString() ? v.asString() : v.toString());
            return JsonEnumSchema.builder().enumValues(strings).description(description).build();
        }
        JsonNode anyOf = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
        if (anyOf instanceof ArrayNode alternatives) {
            List<JsonSchemaElement> elements = new ArrayList<>();
            for (JsonNode a : alternatives) elements.add(toElement(a));
            return JsonAnyOfSchema.builder().anyOf(elements).description(description).build();
        }
        JsonNode type = schema.get("type");
        if (type instanceof ArrayNode types) {
            List<JsonSchemaElement> elements = new ArrayList<>();
            for (JsonNode t : types) {
                ObjectNode one = (ObjectNode) schema.deepCopy();
                one.put("type", t.asString());
                elements.add(toElement(one));
            }
            return JsonAnyOfSchema.builder().anyOf(elements).description(description).build();
        }
        String t = type == null ? (schema.has("properties") ? "object" : "string") : type.asString();
        return switch (t) {
            case "object" -> {
                var b = JsonObjectSchema.builder().description(description);
                Map<String, JsonSchemaElement> properties = new LinkedHashMap<>();
                if (schema.get("properties") instanceof ObjectNode p) {
                    for (var e : p.properties()) properties.put(e.getKey(), toElement(e.getValue()));
                }
                b.addProperties(properties);
                if (schema.get("required") instanceof ArrayNode r) {
                    List<String> required = new ArrayList<>();
                    for (JsonNode n : r) required.add(n.asString());
                    b.required(required);
                }
                if (schema.has("additionalProperties") && schema.get("additionalProperties").isBoolean()) {
                    b.additionalProperties(schema.get("additionalProperties").asBoolean());
                }
                yield b.build();
            }
            case "array" -> JsonArraySchema.builder().description(description)
                    .items(schema.has("items") ? toElement(schema.get("items")) : JsonStringSchema.builder().build()).build();
            case "integer" -> JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" -> JsonBooleanSchema.builder().description(description).build();
            case "null" -> new JsonNullSchema();
            default -> JsonStringSchema.builder().description(description).build();
        };
    }

    static ObjectNode toJson(JsonSchemaElement element) {
        ObjectNode n = JSON.createObjectNode();
        switch (element) {
            case JsonObjectSchema o -> {
                n.put("type", "object");
                ObjectNode properties = n.putObject("properties");
                if (o.properties() != null) o.properties().forEach((k, v) -> properties.set(k, toJson(v)));
                if (o.required() != null && !o.required().isEmpty()) {
                    ArrayNode r = n.putArray("required");
                    o.required().forEach(r::add);
                }
                if (o.additionalProperties() != null) n.put("additionalProperties", o.additionalProperties());
                describe(n, o.description());
            }
            case JsonArraySchema a -> {
                n.put("type", "array");
                if (a.items() != null) n.set("items", toJson(a.items()));
                describe(n, a.description());
            }
            case JsonEnumSchema e -> {
                n.put("type", "string");
                ArrayNode values = n.putArray("enum");
                e.enumValues().forEach(values::add);
                describe(n, e.description());
            }
            case JsonAnyOfSchema any -> {
                ArrayNode alternatives = n.putArray("anyOf");
                any.anyOf().forEach(a -> alternatives.add(toJson(a)));
                describe(n, any.description());
            }
            case JsonIntegerSchema i -> describe(n.put("type", "integer"), i.description());
            case JsonNumberSchema x -> describe(n.put("type", "number"), x.description());
            case JsonBooleanSchema b -> describe(n.put("type", "boolean"), b.description());
            case JsonStringSchema s -> describe(n.put("type", "string"), s.description());
            case JsonNullSchema ignored -> n.put("type", "null");
            default -> n.put("type", "string");
        }
        return n;
    }

    private static ObjectNode describe(ObjectNode n, String description) {
        if (description != null) n.put("description", description);
        return n;
    }
}
