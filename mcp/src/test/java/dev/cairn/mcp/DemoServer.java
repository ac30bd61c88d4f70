package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.BlobResourceContents;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.CompleteResult;
import dev.cairn.mcp.schema.CompletionReference;
import dev.cairn.mcp.schema.GetPromptResult;
import dev.cairn.mcp.schema.ImageContent;
import dev.cairn.mcp.schema.LoggingLevel;
import dev.cairn.mcp.schema.Prompt;
import dev.cairn.mcp.schema.PromptArgument;
import dev.cairn.mcp.schema.PromptMessage;
import dev.cairn.mcp.schema.ReadResourceResult;
import dev.cairn.mcp.schema.Resource;
import dev.cairn.mcp.schema.ResourceTemplate;
import dev.cairn.mcp.schema.TextContent;
import dev.cairn.mcp.schema.TextResourceContents;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.schema.ToolAnnotations;
import dev.cairn.mcp.transport.StdioServerTransport;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The server every test talks to: tools that echo, add (structured output), fail, run slowly with progress
 * and honour cancellation, and log; text, binary and templated resources; a prompt with a required argument;
 * completion. {@code main} serves it over stdio for the child-process tests.
 */
public final class DemoServer {
    private DemoServer() {
    }

    public static ObjectNode schema(String... stringProperties) {
        ObjectNode schema = JsonCodec.object().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (String name : stringProperties) {
            properties.putObject(name).put("type", "string");
            required.add(name);
        }
        return schema;
    }

    public static McpServer.Builder builder() {
        ObjectNode addSchema = JsonCodec.object().put("type", "object");
        addSchema.putObject("properties").putObject("a").put("type", "number");
        ((ObjectNode) addSchema.get("properties")).putObject("b").put("type", "number");
        addSchema.putArray("required").add("a").add("b");
        ObjectNode sumSchema = JsonCodec.object().put("type", "object");
        sumSchema.putObject("properties").putObject("sum").put("type", "number");
        return McpServer.builder().name("demo").version("1.2.3").instructions("A server for tests.")
                .tool("echo", "Echoes its text", schema("text"),
                        (args, ctx) -> CallToolResult.text(args.path("text").asString()))
                .tool(new Tool("add", "Add", "Adds two numbers", addSchema, sumSchema,
                                new ToolAnnotations("Add numbers", true, false, true, false), null, null, null),
                        (args, ctx) -> CallToolResult.structured(
                                JsonCodec.object().put("sum", args.path("a").asDouble() + args.path("b").asDouble())))
                .tool("fail", "Always fails", schema(), (args, ctx) -> {
                    throw new IllegalStateException("This tool intentionally fails");
                })
                .tool("slow", "Reports progress three times, then waits until cancelled or 'millis' pass", schema(),
                        (args, ctx) -> {
                            for (int i = 0; i <= 2; i++) {
                                ctx.progress(i * 50, 100.0, "step " + i);
                            }
                            Thread.sleep(args.path("millis").asLong(30_000));
                            return CallToolResult.text("done");
                        })
                .tool("log", "Logs at debug, info and error", schema(), (args, ctx) -> {
                    System.out.println("stray output: over stdio this must go to stderr, not the protocol stream");
                    ctx.log(LoggingLevel.DEBUG, "demo", "debug message");
                    ctx.log(LoggingLevel.INFO, "demo", "info message");
                    ctx.log(LoggingLevel.ERROR, "demo", Map.of("detail", "error message"));
                    return CallToolResult.text("logged");
                })
                .tool("image", "Returns an image", schema(), (args, ctx) -> CallToolResult.of(
                        new TextContent("a pixel", null, null),
                        new ImageContent("iVBORw0KGgo=", "image/png", null, null)))
                .resource(new Resource("demo://readme", "readme", "The readme", "text/plain"),
                        (uri, vars, ctx) -> ReadResourceResult.of(new TextResourceContents(uri, "text/plain", "Read me.")))
                .resource(new Resource("demo://blob", "blob", "Three bytes", "application/octet-stream"),
                        (uri, vars, ctx) -> ReadResourceResult.of(
                                BlobResourceContents.of(uri, "application/octet-stream", new byte[]{1, 2, 3})))
                .resourceTemplate(new ResourceTemplate("demo://notes/{name}", "note", "A note by name", "text/plain"),
                        (uri, vars, ctx) -> {
                            if (vars.get("name").equals("missing")) {
                                throw McpException.resourceNotFound(uri);
                            }
                            return ReadResourceResult.of(new TextResourceContents(uri, "text/plain", "Note " + vars.get("name")));
                        })
                .prompt(new Prompt("greet", "Greets someone", List.of(new PromptArgument("name", "Who", true))),
                        (arguments, ctx) -> GetPromptResult.of("A greeting", PromptMessage.user("Hello, " + arguments.get("name") + "!")))
                .completion((params, ctx) -> params.ref() instanceof CompletionReference.PromptRef
                        ? CompleteResult.of(List.of("Ada", "Alan").stream().filter(v -> v.startsWith(params.argument().value())).toList())
                        : CompleteResult.of(List.of()));
    }

    public static McpServer create() {
        var self = new java.util.concurrent.atomic.AtomicReference<McpServer>();
        McpServer server = builder()
                .tool("nap", "Closes its stream (over HTTP) and answers later", schema(), (args, ctx) -> {
                    ctx.progress(1, null, "going to sleep");
                    ctx.suspendStream();
                    Thread.sleep(200);
                    ctx.progress(2, null, "awake");
                    return CallToolResult.text("rested");
                })
                .tool("touch", "Announces that a resource changed", schema("uri"), (args, ctx) -> {
                    self.get().notifyResourceUpdated(args.path("uri").asString());
                    return CallToolResult.text("touched");
                })
                .tool("confirm", "Asks the user for a name (form elicitation) and returns the answer", schema(), (args, ctx) -> {
                    ObjectNode params = JsonCodec.object().put("mode", "form").put("message", "Who are you?");
                    ObjectNode requested = params.putObject("requestedSchema").put("type", "object");
                    requested.putObject("properties").putObject("name").put("type", "string").put("default", "anonymous");
                    var answer = ctx.input("who", "elicitation/create", params);
                    return CallToolResult.text(answer.path("action").asString() + ":" + answer.at("/content/name").asString(""));
                })
                .tool("roots", "Lists the client's roots", schema(), (args, ctx) -> {
                    var answer = ctx.input("roots", "roots/list", JsonCodec.object());
                    java.util.List<String> uris = new java.util.ArrayList<>();
                    answer.path("roots").forEach(root -> uris.add(root.path("uri").asString()));
                    return CallToolResult.text(String.join(" ", uris));
                })
                .tool("relist", "Announces that the tool and resource lists changed", schema(), (args, ctx) -> {
                    self.get().notifyToolListChanged();
                    self.get().notifyResourceListChanged();
                    return CallToolResult.text("announced");
                })
                .tool("ask", "Asks the client's model (sampling) and returns its answer", schema("question"), (args, ctx) -> {
                    if (ctx.clientCapabilities().sampling() == null) {
                        return CallToolResult.error("the client cannot sample");
                    }
                    ObjectNode params = JsonCodec.object().put("maxTokens", 10);
                    params.putArray("messages").addObject().put("role", "user").putObject("content")
                            .put("type", "text").put("text", args.path("question").asString());
                    var answer = ctx.input("answer", "sampling/createMessage", params);
                    return CallToolResult.text("model says: " + answer.at("/content/text").asString());
                })
                .build();
        self.set(server);
        return server;
    }

    /** Serves the demo over stdio, as a child process of the stdio tests. */
    public static void main(String[] args) throws Exception {
        StdioServerTransport.serve(create());
    }
}
