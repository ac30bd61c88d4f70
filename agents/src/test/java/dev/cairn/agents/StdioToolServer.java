package dev.cairn.agents;

import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.transport.StdioServerTransport;

/** {@link TestTools} as an MCP server over stdio, for tests that launch it as a child JVM. */
public final class StdioToolServer {
    private StdioToolServer() {
    }

    public static void main(String[] args) throws Exception {
        StdioServerTransport.serve(McpServer.builder().name("stdio-tools").version("1").tools(new TestTools()).build());
    }

    /** The command line that launches this server with the test classpath. */
    static java.util.List<String> command() {
        String launcher = ProcessHandle.current().info().command().orElse("java");
        return java.util.List.of(launcher, "-cp", System.getProperty("java.class.path"), StdioToolServer.class.getName());
    }
}
