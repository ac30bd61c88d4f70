package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a resource holds: text, or a base64 blob. The JSON has no type tag; the member present decides. */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(TextResourceContents.class), @JsonSubTypes.Type(BlobResourceContents.class)})
public sealed interface ResourceContents permits TextResourceContents, BlobResourceContents {
    String uri();

    String mimeType();
}
