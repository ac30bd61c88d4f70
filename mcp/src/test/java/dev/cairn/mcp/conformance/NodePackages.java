package dev.cairn.mcp.conformance;

import java.io.IOException;
import java.nio.file.Path;

/** npm packages and Node 22 for tests that run official MCP peers (installed into {@code target/}, once). */
public final class NodePackages {
    private NodePackages() {
    }

    public static Path install(String directory, String... packages) throws IOException, InterruptedException {
        return ConformanceSuite.installPackages(directory, packages);
    }

    public static Path node(Path home) {
        return ConformanceSuite.node(home);
    }

    public static boolean supportedPlatform() {
        return ConformanceSuite.supportedPlatform();
    }
}
