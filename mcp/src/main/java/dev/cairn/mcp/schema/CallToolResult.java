package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The result of {@code tools/call}: content blocks, optional structured content (conforming to the tool's
 * output schema), and {@code isError} when the tool itself failed (a protocol failure is a JSON-RPC error instead).
 */
public record CallToolResult(List<ContentBlock> content, ObjectNode structuredContent,
                             @JsonProperty("isError") Boolean isError, @JsonProperty("_meta") ObjectNode meta) {
    public CallToolResult {
        content = List.copyOf(Require.nonNull(content, "content"));
    }

    public static CallToolResult text(String text) {
        return new CallToolResult(List.of(ContentBlock.text(text)), null, null, null);
    }

    public static CallToolResult of(ContentBlock... content) {
        return new CallToolResult(List.of(content), null, null, null);
    }

    /** A tool-level failure the model can see and react to. */
    public static CallToolResult error(String message) {
        return new CallToolResult(List.of(ContentBlock.text(message)), null, true, null);
    }

    /** Structured content, with its JSON text as the backwards-compatible text block. */
    public static CallToolResult structured(ObjectNode structuredContent) {
        return new CallToolResult(List.of(ContentBlock.text(structuredContent.toString())), structuredContent, null, null);
    }

    public boolean failed() {
        return Boolean.TRUE.equals(isError);
    }
}
