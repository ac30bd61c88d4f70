package dev.cairn.mcp.schema;

import java.util.List;

/** An icon a client may show: a URI (http(s) or data:), optional MIME type, sizes ("48x48", "any") and theme. */
public record Icon(String src, String mimeType, List<String> sizes, String theme) {
    public Icon {
        Require.nonNull(src, "src");
        sizes = sizes == null ? null : List.copyOf(sizes);
    }
}
