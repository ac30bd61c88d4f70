package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Content in a tool result or prompt message, told apart by its {@code type}: text, image, audio, a link to a
 * resource, or an embedded resource.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TextContent.class, name = "text"),
        @JsonSubTypes.Type(value = ImageContent.class, name = "image"),
        @JsonSubTypes.Type(value = AudioContent.class, name = "audio"),
        @JsonSubTypes.Type(value = ResourceLink.class, name = "resource_link"),
        @JsonSubTypes.Type(value = EmbeddedResource.class, name = "resource")})
public sealed interface ContentBlock permits TextContent, ImageContent, AudioContent, ResourceLink, EmbeddedResource {
    Annotations annotations();

    static TextContent text(String text) {
        return new TextContent(text, null, null);
    }
}
