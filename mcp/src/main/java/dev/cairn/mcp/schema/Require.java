package dev.cairn.mcp.schema;

/** The one check the schema records share: a required field must be present. */
final class Require {
    private Require() {
    }

    static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing required field \"" + field + "\"");
        }
        return value;
    }
}
