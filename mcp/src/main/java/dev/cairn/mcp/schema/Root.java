package dev.cairn.mcp.schema;

import java.util.Objects;

/** A directory or file the client lets servers work in ({@code roots/list}); {@code uri} is a {@code file://} URI. */
public record Root(String uri, String name) {
    public Root {
        Objects.requireNonNull(uri, "uri");
    }

    public static Root of(java.nio.file.Path directory) {
        java.nio.file.Path absolute = directory.toAbsolutePath().normalize();
        return new Root(absolute.toUri().toString(), absolute.getFileName() == null ? null : absolute.getFileName().toString());
    }
}
