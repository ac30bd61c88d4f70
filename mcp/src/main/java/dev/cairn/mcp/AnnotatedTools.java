package dev.cairn.mcp;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.schema.ToolAnnotations;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns {@link McpTool} methods into tools: JSON Schemas generated from the argument and result records by a
 * schema generator (2020-12), arguments read into the record by Jackson, results mapped to a
 * {@link CallToolResult}.
 */
final class AnnotatedTools {
    private static final SchemaGenerator GENERATOR = generator();

    private AnnotatedTools() {
    }

    private static SchemaGenerator generator() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(Option.NONPUBLIC_NONSTATIC_FIELDS_WITHOUT_GETTERS, Option.FLATTENED_OPTIONALS);
        config.forFields().withRequiredCheck(field -> !Optional.class.isAssignableFrom(field.getType().getErasedType()));
        config.forFields().withDescriptionResolver(field -> {
            Describe describe = field.getAnnotationConsideringFieldAndGetter(Describe.class);
            if (describe == null && field.getDeclaringType().getErasedType().isRecord()) {
                describe = recordComponentDescription(field.getDeclaringType().getErasedType(), field.getName());
            }
            return describe == null ? null : describe.value();
        });
        return new SchemaGenerator(config.build());
    }

    private static Describe recordComponentDescription(Class<?> record, String name) {
        for (var component : record.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component.getAnnotation(Describe.class);
            }
        }
        return null;
    }

    /** A JSON Schema for a type, as Cairn's JSON trees. */
    static ObjectNode schema(Class<?> type) {
        return (ObjectNode) JsonCodec.mapper().readTree(GENERATOR.generateSchema(type).toString());
    }

    record Registration(Tool tool, McpServer.ToolHandler handler) {
    }

    /** The tools of every {@link McpTool} method of {@code target}'s class. */
    static List<Registration> of(Object target) {
        List<Registration> tools = new ArrayList<>();
        for (Method method : target.getClass().getMethods()) {
            McpTool annotation = method.getAnnotation(McpTool.class);
            if (annotation != null && !Modifier.isStatic(method.getModifiers())) {
                tools.add(register(target, method, annotation));
            }
        }
        tools.sort(java.util.Comparator.comparing(r -> r.tool().name()));
        return tools;
    }

    private static Registration register(Object target, Method method, McpTool annotation) {
        Class<?> argumentsType = null;
        for (Class<?> parameter : method.getParameterTypes()) {
            if (parameter == RequestContext.class) {
                continue;
            }
            if (!parameter.isRecord() || argumentsType != null) {
                throw new IllegalArgumentException("@McpTool method " + method + " must take at most one record of arguments "
                        + "and optionally a RequestContext");
            }
            argumentsType = parameter;
        }
        ObjectNode input;
        if (argumentsType == null) {
            input = JsonCodec.object().put("type", "object");
            input.putObject("properties");
        } else {
            input = schema(argumentsType);
        }
        Class<?> returns = method.getReturnType();
        ObjectNode output = returns == CallToolResult.class || returns == String.class || returns == void.class
                || !returns.isRecord() ? null : schema(returns);
        String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
        Tool tool = new Tool(name, annotation.title().isEmpty() ? null : annotation.title(), annotation.description(), input,
                output, new ToolAnnotations(null, annotation.readOnly(), annotation.destructive(), annotation.idempotent(),
                annotation.openWorld()), null, null, null);
        Class<?> recordType = argumentsType;
        method.setAccessible(true);
        return new Registration(tool, (arguments, context) -> result(invoke(target, method, recordType, arguments, context)));
    }

    private static Object invoke(Object target, Method method, Class<?> recordType, ObjectNode arguments,
                                 RequestContext context) throws Exception {
        Object[] values = new Object[method.getParameterCount()];
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == RequestContext.class) {
                values[i] = context;
            } else {
                try {
                    values[i] = JsonCodec.mapper().treeToValue(arguments, recordType);
                } catch (JacksonException e) {
                    throw new IllegalArgumentException("Invalid arguments: " + e.getOriginalMessage(), e);
                }
            }
        }
        try {
            return method.invoke(target, values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static CallToolResult result(Object value) {
        return switch (value) {
            case null -> CallToolResult.text("");
            case CallToolResult result -> result;
            case String text -> CallToolResult.text(text);
            default -> {
                JsonNode tree = JsonCodec.mapper().valueToTree(value);
                if (tree instanceof ObjectNode object) {
                    yield CallToolResult.structured(object);
                }
                yield CallToolResult.text(tree.toString());
            }
        };
    }
}
