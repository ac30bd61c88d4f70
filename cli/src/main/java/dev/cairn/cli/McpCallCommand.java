package dev.cairn.cli;

import dev.cairn.core.CairnException;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.ContentBlock;
import dev.cairn.mcp.schema.TextContent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code cairn mcp call --server CMD|URL --tool NAME --args JSON}: calls one tool and prints its result. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Call a tool of an MCP server and print its result: text blocks as text, other blocks as JSON.",
                "A result the tool marks as an error prints on stderr and exits 1.",
                "--json prints the whole result (content, structuredContent, isError)."})
final class McpCallCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, paramLabel = "CMD|URL",
            description = "An http(s):// URL (Streamable HTTP) or a command line launching a stdio server.")
    String server;

    @Option(names = "--tool", required = true, paramLabel = "NAME", description = "The tool to call.")
    String tool;

    @Option(names = "--args", paramLabel = "JSON", defaultValue = "{}",
            description = "The arguments as a JSON object. Default: ${DEFAULT-VALUE}.")
    String args;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ObjectNode arguments = parseArguments(args);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CallToolResult result;
        try (McpClient client = McpConnection.connect(server)) {
            result = client.callTool(tool, arguments);
        }
        if (json) {
            out.println(JsonCodec.toObject(result));
            out.flush();
            return result.failed() ? 1 : 0;
        }
        PrintWriter target = result.failed() ? err : out;
        for (ContentBlock block : result.content()) {
            target.println(block instanceof TextContent t ? t.text() : JsonCodec.toObject(block).toString());
        }
        if (result.content().isEmpty() && result.structuredContent() != null) target.println(result.structuredContent());
        target.flush();
        return result.failed() ? 1 : 0;
    }

    static ObjectNode parseArguments(String json) {
        JsonNode node;
        try {
            node = JsonCodec.mapper().readTree(json);
        } catch (JacksonException e) {
            throw new CairnException("--args is not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("")
                    + "); give an object such as '{\"query\": \"rivers\"}'");
        }
        if (!(node instanceof ObjectNode object))
            throw new CairnException("--args must be a JSON object such as '{\"query\": \"rivers\"}', not " + json.strip());
        return object;
    }
}
