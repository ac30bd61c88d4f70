package dev.cairn.mcp.schema;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One message of a sampling request. {@code content} is one content block or (2025-11-25, with tool use) an
 * array of them; {@link #blocks()} gives the blocks Cairn knows, {@link #text()} their text.
 */
public record SamplingMessage(Role role, JsonNode content) {

    public static SamplingMessage user(String text) {
        return new SamplingMessage(Role.USER, JsonCodec.mapper().valueToTree(ContentBlock.text(text)));
    }

    /** The text, image, audio and resource blocks of the content (tool use and tool results are skipped). */
    public List<ContentBlock> blocks() {
        List<ContentBlock> blocks = new ArrayList<>();
        if (content == null) {
            return blocks;
        }
        for (JsonNode block : content.isArray() ? content : List.of(content)) {
            String type = block.path("type").asString("");
            if (List.of("text", "image", "audio", "resource_link", "resource").contains(type)) {
                blocks.add(JsonCodec.mapper().treeToValue(block, ContentBlock.class));
            }
        }
        return blocks;
    }

    /** The text blocks joined with newlines. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : blocks()) {
            if (block instanceof TextContent t) {
                text.append(text.isEmpty() ? "" : "\n").append(t.text());
            }
        }
        return text.toString();
    }
}
