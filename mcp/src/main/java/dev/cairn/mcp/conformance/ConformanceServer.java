package dev.cairn.mcp.conformance;

import dev.cairn.mcp.McpException;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.RequestContext;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.schema.AudioContent;
import dev.cairn.mcp.schema.BlobResourceContents;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.CompleteResult;
import dev.cairn.mcp.schema.ContentBlock;
import dev.cairn.mcp.schema.EmbeddedResource;
import dev.cairn.mcp.schema.GetPromptResult;
import dev.cairn.mcp.schema.ImageContent;
import dev.cairn.mcp.schema.LoggingLevel;
import dev.cairn.mcp.schema.Prompt;
import dev.cairn.mcp.schema.PromptArgument;
import dev.cairn.mcp.schema.PromptMessage;
import dev.cairn.mcp.schema.ReadResourceResult;
import dev.cairn.mcp.schema.Resource;
import dev.cairn.mcp.schema.ResourceTemplate;
import dev.cairn.mcp.schema.Role;
import dev.cairn.mcp.schema.TextResourceContents;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.transport.StreamableHttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The server the official MCP conformance suite ({@code @modelcontextprotocol/conformance}) tests: the tools,
 * resources and prompts its server scenarios name, with the exact contents they check.
 * {@link #main} serves it over Streamable HTTP on {@code 127.0.0.1:PORT/mcp}.
 */
public final class ConformanceServer {
    /** A 1x1 red PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private ConformanceServer() {
    }

    public static McpServer create() {
        var self = new java.util.concurrent.atomic.AtomicReference<McpServer>();
        McpServer server = McpServer.builder().name("cairn-conformance").version("0.1.0")
                .tool("test_missing_capability", "Needs the client's sampling capability", empty(), (args, ctx) -> {
                    ObjectNode params = JsonCodec.object().put("maxTokens", 10);
                    params.putArray("messages");
                    ctx.request("sampling/createMessage", params, CLIENT_TIMEOUT);
                    return CallToolResult.text("sampled");
                })
                .tool("test_streaming_elicitation", "Asks the user through elicitation", empty(),
                        (args, ctx) -> elicitationSummary(elicit(ctx, "Please confirm", objectSchema())))
                .tool("test_logging_tool", "Logs at info while it runs", empty(), (args, ctx) -> {
                    ctx.log(LoggingLevel.INFO, "conformance", "logging tool ran");
                    return CallToolResult.text("logged");
                })
                .tool("test_input_required_result_elicitation", "Asks the user's name, then greets", empty(), (args, ctx) -> {
                    JsonNode answer = ctx.input("user_name", "elicitation/create", askFor("What is your name?", "name", "string"));
                    return CallToolResult.text("Hello, " + answer.at("/content/name").asString() + "!");
                })
                .tool("test_input_required_result_sampling", "Asks the client's model a question", empty(), (args, ctx) -> {
                    JsonNode answer = ctx.input("capital_question", "sampling/createMessage",
                            sample("What is the capital of France?", 100));
                    return CallToolResult.text("The model answered: " + answer.at("/content/text").asString());
                })
                .tool("test_input_required_result_list_roots", "Asks for the client's roots", empty(), (args, ctx) -> {
                    JsonNode answer = ctx.input("client_roots", "roots/list", JsonCodec.object());
                    List<String> uris = new java.util.ArrayList<>();
                    answer.path("roots").forEach(root -> uris.add(root.path("uri").asString()));
                    return CallToolResult.text("Roots: " + String.join(", ", uris));
                })
                .tool("test_input_required_result_request_state", "Asks for a confirmation across a signed requestState",
                        empty(), (args, ctx) -> {
                            JsonNode answer = ctx.input("confirm", "elicitation/create", askFor("Please confirm", "ok", "boolean"));
                            return CallToolResult.text("state-ok: confirmed=" + answer.at("/content/ok").asBoolean(false));
                        })
                .tool("test_input_required_result_tampered_state", "Asks for a confirmation; refuses forged state", empty(),
                        (args, ctx) -> {
                            JsonNode answer = ctx.input("confirm", "elicitation/create", askFor("Please confirm", "ok", "boolean"));
                            return CallToolResult.text("confirmed=" + answer.at("/content/ok").asBoolean(false));
                        })
                .tool("test_input_required_result_multiple_inputs", "Asks for a name, a greeting and the roots at once",
                        empty(), (args, ctx) -> {
                            Map<String, JsonNode> answers = ctx.inputs(Map.of(
                                    "user_name", new RequestContext.InputRequest("elicitation/create",
                                            askFor("What is your name?", "name", "string")),
                                    "greeting", new RequestContext.InputRequest("sampling/createMessage",
                                            sample("Generate a greeting", 50)),
                                    "client_roots", new RequestContext.InputRequest("roots/list", JsonCodec.object())));
                            return CallToolResult.text(answers.get("greeting").at("/content/text").asString() + ", "
                                    + answers.get("user_name").at("/content/name").asString() + " ("
                                    + answers.get("client_roots").path("roots").size() + " roots)");
                        })
                .tool("test_input_required_result_multi_round", "Asks two questions, one round each", empty(), (args, ctx) -> {
                    JsonNode name = ctx.input("step1", "elicitation/create", askFor("Step 1: What is your name?", "name", "string"));
                    JsonNode color = ctx.input("step2", "elicitation/create",
                            askFor("Step 2: What is your favorite color?", "color", "string"));
                    return CallToolResult.text(name.at("/content/name").asString() + " likes "
                            + color.at("/content/color").asString());
                })
                .tool("test_input_required_result_capabilities", "Asks only through capabilities the client declared",
                        empty(), (args, ctx) -> {
                            Map<String, RequestContext.InputRequest> wanted = new java.util.LinkedHashMap<>();
                            if (ctx.clientCapabilities().sampling() != null) {
                                wanted.put("summary", new RequestContext.InputRequest("sampling/createMessage", sample("Summarize", 50)));
                            }
                            if (ctx.clientCapabilities().elicitation() != null) {
                                wanted.put("user_name", new RequestContext.InputRequest("elicitation/create",
                                        askFor("What is your name?", "name", "string")));
                            }
                            return CallToolResult.text("answers: " + ctx.inputs(wanted).keySet());
                        })
                .prompt(new Prompt("test_input_required_result_prompt", "A prompt that asks for context first", null),
                        (a, ctx) -> {
                            JsonNode answer = ctx.input("user_context", "elicitation/create",
                                    askFor("What context should the prompt use?", "context", "string"));
                            return GetPromptResult.of(null, PromptMessage.user("Context: " + answer.at("/content/context").asString()));
                        })
                .tool(new Tool("test_header_param", null, "Echoes a region that is mirrored in the Mcp-Param-Region header",
                        headerSchema(), null, null, null, null, null),
                        (args, ctx) -> CallToolResult.text("region=" + args.path("region").asString()))
                .tool("test_trigger_tool_change", "Announces that the tool list changed", empty(), (args, ctx) -> {
                    self.get().notifyToolListChanged();
                    return CallToolResult.text("tools changed");
                })
                .tool("test_trigger_prompt_change", "Announces that the prompt list changed", empty(), (args, ctx) -> {
                    self.get().notifyPromptListChanged();
                    return CallToolResult.text("prompts changed");
                })
                .tool("test_simple_text", "Returns simple text", empty(),
                        (args, ctx) -> CallToolResult.text("This is a simple text response for testing."))
                .tool("test_image_content", "Returns an image", empty(),
                        (args, ctx) -> CallToolResult.of(new ImageContent(PNG, "image/png", null, null)))
                .tool("test_audio_content", "Returns audio", empty(),
                        (args, ctx) -> CallToolResult.of(new AudioContent(wav(), "audio/wav", null, null)))
                .tool("test_embedded_resource", "Returns an embedded resource", empty(),
                        (args, ctx) -> CallToolResult.of(new EmbeddedResource(new TextResourceContents(
                                "test://embedded-resource", "text/plain", "This is an embedded resource content."), null, null)))
                .tool("test_multiple_content_types", "Returns text, an image and a resource", empty(),
                        (args, ctx) -> CallToolResult.of(ContentBlock.text("Multiple content types test:"),
                                new ImageContent(PNG, "image/png", null, null),
                                new EmbeddedResource(new TextResourceContents("test://mixed-content-resource",
                                        "application/json", "{\"test\":\"data\",\"value\":123}"), null, null)))
                .tool("test_tool_with_logging", "Logs three messages while it runs", empty(), (args, ctx) -> {
                    ctx.log(LoggingLevel.INFO, "conformance", "Tool execution started");
                    Thread.sleep(50);
                    ctx.log(LoggingLevel.INFO, "conformance", "Tool processing data");
                    Thread.sleep(50);
                    ctx.log(LoggingLevel.INFO, "conformance", "Tool execution completed");
                    return CallToolResult.text("Tool with logging executed successfully");
                })
                .tool("test_error_handling", "Always fails", empty(), (args, ctx) -> {
                    throw new IllegalStateException("This tool intentionally returns an error for testing");
                })
                .tool("test_tool_with_progress", "Reports progress 0, 50, 100 of 100", empty(), (args, ctx) -> {
                    ctx.progress(0, 100.0, null);
                    Thread.sleep(50);
                    ctx.progress(50, 100.0, null);
                    Thread.sleep(50);
                    ctx.progress(100, 100.0, null);
                    return CallToolResult.text("Tool with progress executed successfully");
                })
                .tool("test_sampling", "Asks the client's model to answer a prompt", strings("prompt"), (args, ctx) -> {
                    requireCapability(ctx.clientCapabilities().sampling(), "sampling");
                    ObjectNode params = JsonCodec.object();
                    ObjectNode message = params.putArray("messages").addObject().put("role", "user");
                    message.putObject("content").put("type", "text").put("text", args.path("prompt").asString());
                    params.put("maxTokens", 100);
                    JsonNode result = ctx.request("sampling/createMessage", params, CLIENT_TIMEOUT);
                    return CallToolResult.text("LLM response: " + result.at("/content/text").asString());
                })
                .tool("test_elicitation", "Asks the user for a username and email", strings("message"), (args, ctx) -> {
                    ObjectNode schema = objectSchema();
                    ObjectNode properties = (ObjectNode) schema.get("properties");
                    properties.putObject("username").put("type", "string").put("description", "User's response");
                    properties.putObject("email").put("type", "string").put("description", "User's email address");
                    schema.putArray("required").add("username").add("email");
                    JsonNode result = elicit(ctx, args.path("message").asString(), schema);
                    return CallToolResult.text("User response: action=" + result.path("action").asString()
                            + ", content=" + result.path("content"));
                })
                .tool("test_elicitation_sep1034_defaults", "Elicits primitives with defaults", empty(), (args, ctx) -> {
                    ObjectNode schema = objectSchema();
                    ObjectNode p = (ObjectNode) schema.get("properties");
                    p.putObject("name").put("type", "string").put("default", "John Doe");
                    p.putObject("age").put("type", "integer").put("default", 30);
                    p.putObject("score").put("type", "number").put("default", 95.5);
                    ObjectNode status = p.putObject("status").put("type", "string");
                    status.putArray("enum").add("active").add("inactive").add("pending");
                    status.put("default", "active");
                    p.putObject("verified").put("type", "boolean").put("default", true);
                    return elicitationSummary(elicit(ctx, "Please review and update the form fields with defaults", schema));
                })
                .tool("test_elicitation_sep1330_enums", "Elicits every enum variant", empty(), (args, ctx) -> {
                    ObjectNode schema = objectSchema();
                    ObjectNode p = (ObjectNode) schema.get("properties");
                    p.putObject("untitledSingle").put("type", "string").set("enum", strings(List.of("option1", "option2", "option3")));
                    p.putObject("titledSingle").put("type", "string").set("oneOf", titled("const", "value1", "First Option",
                            "value2", "Second Option", "value3", "Third Option"));
                    ObjectNode legacy = p.putObject("legacyEnum").put("type", "string");
                    legacy.set("enum", strings(List.of("opt1", "opt2", "opt3")));
                    legacy.set("enumNames", strings(List.of("Option One", "Option Two", "Option Three")));
                    p.putObject("untitledMulti").put("type", "array").putObject("items").put("type", "string")
                            .set("enum", strings(List.of("option1", "option2", "option3")));
                    p.putObject("titledMulti").put("type", "array").putObject("items").set("anyOf", titled("const",
                            "value1", "First Choice", "value2", "Second Choice", "value3", "Third Choice"));
                    return elicitationSummary(elicit(ctx, "Please select options from the enum fields", schema));
                })
                .tool("test_reconnection", "Closes its SSE stream mid-call; the client resumes to get the result", empty(),
                        (args, ctx) -> {
                            ctx.suspendStream();
                            Thread.sleep(100);
                            return CallToolResult.text("Reconnection test completed");
                        })
                .tool(new Tool("json_schema_2020_12_tool", null, "Tool with JSON Schema 2020-12 features",
                        jsonSchema2020(), null, null, null, null, null), (args, ctx) -> CallToolResult.text("ok"))
                .resource(new Resource("test://static-text", "static-text", "A static text resource", "text/plain"),
                        (uri, vars, ctx) -> ReadResourceResult.of(new TextResourceContents(uri, "text/plain",
                                "This is the content of the static text resource.")))
                .resource(new Resource("test://static-binary", "static-binary", "A static binary resource (PNG)", "image/png"),
                        (uri, vars, ctx) -> ReadResourceResult.of(new BlobResourceContents(uri, "image/png", PNG, null)))
                .resource(new Resource("test://watched-resource", "watched-resource", "A resource to subscribe to", "text/plain"),
                        (uri, vars, ctx) -> ReadResourceResult.of(new TextResourceContents(uri, "text/plain", "Watched resource content.")))
                .resourceTemplate(new ResourceTemplate("test://template/{id}/data", "template-data", "Data by id", "application/json"),
                        (uri, vars, ctx) -> ReadResourceResult.of(new TextResourceContents(uri, "application/json",
                                JsonCodec.object().put("id", vars.get("id")).put("templateTest", true)
                                        .put("data", "Data for ID: " + vars.get("id")).toString())))
                .prompt(new Prompt("test_simple_prompt", "A simple prompt without arguments", null),
                        (a, ctx) -> GetPromptResult.of(null, PromptMessage.user("This is a simple prompt for testing.")))
                .prompt(new Prompt("test_prompt_with_arguments", "A prompt with two required arguments", List.of(
                                new PromptArgument("arg1", "First test argument", true),
                                new PromptArgument("arg2", "Second test argument", true))),
                        (a, ctx) -> GetPromptResult.of(null, PromptMessage.user(
                                "Prompt with arguments: arg1='" + a.get("arg1") + "', arg2='" + a.get("arg2") + "'")))
                .prompt(new Prompt("test_prompt_with_embedded_resource", "A prompt that embeds a resource",
                                List.of(new PromptArgument("resourceUri", "URI of the resource to embed", true))),
                        (a, ctx) -> GetPromptResult.of(null,
                                new PromptMessage(Role.USER, new EmbeddedResource(new TextResourceContents(a.get("resourceUri"),
                                        "text/plain", "Embedded resource content for testing."), null, null)),
                                PromptMessage.user("Please process the embedded resource above.")))
                .prompt(new Prompt("test_prompt_with_image", "A prompt with an image", null),
                        (a, ctx) -> GetPromptResult.of(null,
                                new PromptMessage(Role.USER, new ImageContent(PNG, "image/png", null, null)),
                                PromptMessage.user("Please analyze the image above.")))
                .completion((params, ctx) -> CompleteResult.of(Stream.of("paris", "park", "party", "test", "testing")
                        .filter(v -> v.startsWith(params.argument().value())).toList()))
                .build();
        self.set(server);
        return server;
    }

    /** A schema whose {@code region} parameter travels in a custom header too (SEP-2243). */
    private static ObjectNode headerSchema() {
        ObjectNode schema = empty();
        ((ObjectNode) schema.get("properties")).putObject("region").put("type", "string").put("x-mcp-header", "Region");
        schema.putArray("required").add("region");
        return schema;
    }

    /** An elicitation for one required field. */
    private static ObjectNode askFor(String message, String field, String type) {
        ObjectNode params = JsonCodec.object().put("message", message);
        ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
        schema.putObject("properties").putObject(field).put("type", type);
        schema.putArray("required").add(field);
        return params;
    }

    /** A sampling request for one user message. */
    private static ObjectNode sample(String text, int maxTokens) {
        ObjectNode params = JsonCodec.object();
        params.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text").put("text", text);
        params.put("maxTokens", maxTokens);
        return params;
    }

    private static ObjectNode empty() {
        ObjectNode schema = JsonCodec.object().put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static ObjectNode objectSchema() {
        return empty();
    }

    private static ObjectNode strings(String... required) {
        ObjectNode schema = empty();
        ArrayNode names = schema.putArray("required");
        for (String name : required) {
            ((ObjectNode) schema.get("properties")).putObject(name).put("type", "string");
            names.add(name);
        }
        return schema;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JsonCodec.mapper().createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ArrayNode titled(String key, String... valueTitlePairs) {
        ArrayNode array = JsonCodec.mapper().createArrayNode();
        for (int i = 0; i < valueTitlePairs.length; i += 2) {
            array.addObject().put(key, valueTitlePairs[i]).put("title", valueTitlePairs[i + 1]);
        }
        return array;
    }

    /** The schema the suite's json-schema-2020-12 scenario expects, keywords of SEP-1613 and SEP-2106 included. */
    private static ObjectNode jsonSchema2020() {
        return (ObjectNode) JsonCodec.mapper().readTree("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
                 "$defs":{"address":{"$anchor":"addressDef","type":"object",
                   "properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
                 "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"},
                   "contactMethod":{"type":"string","enum":["phone","email"]},"phone":{"type":"string"},"email":{"type":"string"}},
                 "allOf":[{"anyOf":[{"required":["phone"]},{"required":["email"]}]}],
                 "if":{"properties":{"contactMethod":{"const":"phone"}},"required":["contactMethod"]},
                 "then":{"required":["phone"]},"else":{"required":["email"]},
                 "additionalProperties":false}""");
    }

    private static JsonNode elicit(RequestContext ctx, String message, ObjectNode schema) throws InterruptedException {
        requireCapability(ctx.clientCapabilities().elicitation(), "elicitation");
        ObjectNode params = JsonCodec.object().put("message", message);
        params.set("requestedSchema", schema);
        return ctx.request("elicitation/create", params, CLIENT_TIMEOUT);
    }

    private static CallToolResult elicitationSummary(JsonNode result) {
        return CallToolResult.text("Elicitation completed: action=" + result.path("action").asString()
                + ", content=" + result.path("content"));
    }

    private static void requireCapability(Object declared, String name) {
        if (declared == null) {
            throw new McpException(JsonRpcError.INVALID_REQUEST, "The client did not declare the " + name + " capability");
        }
    }

    /** A valid WAV file of 0.01 s of silence, 8 kHz mono 8-bit, base64-encoded. */
    static String wav() {
        int samples = 80;
        ByteBuffer b = ByteBuffer.allocate(44 + samples).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(8000)
                .putShort((short) 1).putShort((short) 8);
        b.put("data".getBytes()).putInt(samples);
        for (int i = 0; i < samples; i++) {
            b.put((byte) 0x80);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** Serves the fixture on {@code http://127.0.0.1:PORT/mcp} (PORT from the first argument, default 3001) until killed. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3001;
        StreamableHttpServer server = StreamableHttpServer.builder(create()).port(port).start();
        System.err.println("Cairn MCP conformance server at " + server.uri());
        Thread.currentThread().join();
    }
}
