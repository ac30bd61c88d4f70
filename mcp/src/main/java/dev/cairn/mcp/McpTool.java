package dev.cairn.mcp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as an MCP tool, for {@link McpServer.Builder#tools(Object)}. The method takes nothing, a
 * record of arguments (its JSON Schema is generated from the record's components, {@link Describe} adding
 * descriptions; {@code Optional} components are optional), a {@link RequestContext}, or both. It returns a
 * {@link dev.cairn.mcp.schema.CallToolResult}, a {@code String} (text content), or any other value, which
 * becomes structured content with a generated output schema. An exception it throws is a tool error.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface McpTool {
    /** The tool's name; the method's name if empty. */
    String name() default "";

    String description();

    String title() default "";

    boolean readOnly() default false;

    boolean destructive() default true;

    boolean idempotent() default false;

    boolean openWorld() default true;
}
