package dev.cairn.mcp;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.SchemaLoader;
import dev.cairn.mcp.schema.Tool;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks tool arguments against the tool's input schema with a JSON Schema validator (2020-12 unless the
 * schema's {@code $schema} names another dialect). Schemas are compiled once per tool; {@code $ref}s to network
 * URIs are not fetched.
 */
final class ArgumentValidator {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ArgumentValidator.class);
    private static final int MAX_REPORTED = 5;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(SchemaLoader.getDefault()));

    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** Compiles a tool's schema now, so a broken one is reported when the server is built. */
    void register(Tool tool) {
        try {
            schemas.put(tool.name(), REGISTRY.getSchema(tool.inputSchema().toString()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the input schema of tool '" + tool.name() + "' is not a usable JSON Schema: "
                    + e.getMessage(), e);
        }
    }

    /** Why the arguments do not fit the tool's schema (a few messages), or null if they do. */
    String problems(String tool, JsonNode arguments) {
        Schema schema = schemas.get(tool);
        if (schema == null) {
            return null;
        }
        List<Error> errors;
        try {
            errors = schema.validate(arguments);
        } catch (RuntimeException e) {
            // e.g. a $ref to a network URI, which is deliberately not fetched: the handler checks for itself
            log.debug("cannot validate the arguments of tool {}: {}", tool, e.getMessage());
            return null;
        }
        if (errors.isEmpty()) {
            return null;
        }
        String shown = errors.stream().limit(MAX_REPORTED).map(Error::toString).collect(Collectors.joining("; "));
        return "Invalid arguments for tool " + tool + ": " + shown + (errors.size() > MAX_REPORTED ? "; ..." : "");
    }
}
