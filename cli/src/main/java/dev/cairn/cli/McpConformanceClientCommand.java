package dev.cairn.cli;

import dev.cairn.mcp.ProtocolVersions;
import dev.cairn.mcp.conformance.ConformanceClient;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cairn mcp conformance-client URL}: Cairn's client runner for the official conformance suite. The suite
 * names the scenario in {@code MCP_CONFORMANCE_SCENARIO}, its data in {@code MCP_CONFORMANCE_CONTEXT} and the
 * revision in {@code MCP_CONFORMANCE_PROTOCOL_VERSION}, and passes the server URL as the last argument.
 */
@Command(name = "conformance-client", mixinStandardHelpOptions = true,
        description = "Run one scenario of the MCP conformance suite's client tests against URL "
                + "(scenario from MCP_CONFORMANCE_SCENARIO, context from MCP_CONFORMANCE_CONTEXT).")
final class McpConformanceClientCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "URL", description = "The test server's URL (the last argument is used).")
    List<String> urls;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "initialize");
        String version = System.getenv().getOrDefault("MCP_CONFORMANCE_PROTOCOL_VERSION", ProtocolVersions.LATEST);
        String context = System.getenv("MCP_CONFORMANCE_CONTEXT");
        try {
            ConformanceClient.run(scenario, version, context == null ? null : JsonCodec.mapper().readTree(context), urls.getLast());
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("cairn mcp conformance-client: scenario " + scenario + " failed: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
