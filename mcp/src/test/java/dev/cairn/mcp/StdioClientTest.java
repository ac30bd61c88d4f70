package dev.cairn.mcp;

import dev.cairn.mcp.transport.StdioClientTransport;

import java.nio.file.Path;
import java.util.List;

/** The client against the demo server running in a child JVM over stdio. */
class StdioClientTest extends ClientContract {
    static List<String> childCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath, DemoServer.class.getName());
    }

    @Override
    protected ClientTransport transport() {
        return StdioClientTransport.command(childCommand());
    }
}
