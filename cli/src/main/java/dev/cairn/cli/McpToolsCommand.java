package dev.cairn.cli;

import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.Tool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cairn mcp tools --server CMD|URL}: the tools an MCP server offers. */
@Command(name = "tools", mixinStandardHelpOptions = true,
        description = {"List the tools of an MCP server: name and description, one per line.",
                "--json prints the tools as the server lists them (with their input and output schemas)."})
final class McpToolsCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, paramLabel = "CMD|URL",
            description = "An http(s):// URL (Streamable HTTP) or a command line launching a stdio server.")
    String server;

    @Option(names = "--json", description = "Print a JSON array of the tool definitions.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (McpClient client = McpConnection.connect(server)) {
            List<Tool> tools = client.listAllTools();
            if (json) {
                var array = JsonCodec.mapper().createArrayNode();
                tools.forEach(t -> array.add(JsonCodec.toObject(t)));
                out.println(array);
            } else if (tools.isEmpty()) {
                out.println("The server offers no tools.");
            } else {
                int width = tools.stream().mapToInt(t -> t.name().length()).max().orElse(0);
                for (Tool t : tools) {
                    String description = t.description() == null ? "" : t.description().strip().replaceAll("\\s+", " ");
                    out.println((t.name() + " ".repeat(width - t.name().length()) + "  " + description).strip());
                }
            }
        }
        out.flush();
        return 0;
    }
}
