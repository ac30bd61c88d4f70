package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.Base64;

/** A resource's contents as binary, base64-encoded in {@code blob}. */
public record BlobResourceContents(String uri, String mimeType, String blob, @JsonProperty("_meta") ObjectNode meta)
        implements ResourceContents {
    public BlobResourceContents {
        Require.nonNull(uri, "uri");
        Require.nonNull(blob, "blob");
    }

    public static BlobResourceContents of(String uri, String mimeType, byte[] bytes) {
        return new BlobResourceContents(uri, mimeType, Base64.getEncoder().encodeToString(bytes), null);
    }

    public byte[] bytes() {
        return Base64.getDecoder().decode(blob);
    }
}
