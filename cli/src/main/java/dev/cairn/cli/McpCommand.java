package dev.cairn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cairn mcp ...}: serve an index or the conformance fixture over MCP, and a command-line MCP client. */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Model Context Protocol: serve an index to MCP clients, or list and call a server's tools.",
        subcommands = {
                McpServeCommand.class,
                McpToolsCommand.class,
                McpCallCommand.class,
                McpConformanceClientCommand.class,
        })
final class McpCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (serve, tools, call or conformance-client)");
    }
}
