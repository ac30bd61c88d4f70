package dev.cairn.agents;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server speaking the OpenAI chat-completions API ({@code POST /v1/chat/completions}, non-streaming),
 * whose replies are scripted: each request is answered by the next function, which sees the request body. It
 * stands in for an OpenAI-compatible LLM server (a capable LLM cannot run here), so LangChain4j's real OpenAI
 * client, the HTTP exchange and the tool-call wire format are all exercised. Records every request body.
 */
final class OpenAiScriptedServer implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Function<JsonNode, ObjectNode>> script;
    final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private int next;

    @SafeVarargs
    OpenAiScriptedServer(Function<JsonNode, ObjectNode>... turns) throws IOException {
        this.script = List.of(turns);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                requests.add(body);
                ObjectNode reply;
                int status = 200;
                synchronized (this) {
                    reply = next < script.size() ? script.get(next++).apply(body) : error("the script is over");
                }
                if (reply.has("error")) status = 400;
                byte[] bytes = JSON.writeValueAsBytes(reply);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (RuntimeException | AssertionError e) {
                byte[] bytes = ("{\"error\": {\"message\": " + JSON.writeValueAsString(String.valueOf(e.getMessage())) + "}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    static ObjectNode text(String content) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", content);
        return completion(message, "stop");
    }

    /** A reply calling tools: pairs of name and arguments JSON. */
    static ObjectNode toolCalls(String... nameAndArguments) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        for (int i = 0; i < nameAndArguments.length; i += 2) {
            ObjectNode call = calls.addObject().put("id", "call_" + (i / 2 + 1)).put("type", "function");
            call.putObject("function").put("name", nameAndArguments[i]).put("arguments", nameAndArguments[i + 1]);
        }
        return completion(message, "tool_calls");
    }

    static ObjectNode error(String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("message", message).put("type", "invalid_request_error");
        return e;
    }

    private static ObjectNode completion(ObjectNode message, String finish) {
        ObjectNode r = JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 0)
                .put("model", "scripted");
        r.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
        r.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 7).put("total_tokens", 19);
        return r;
    }

    /** The messages of a request with the given role. */
    static List<JsonNode> messages(JsonNode request, String role) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : request.get("messages")) if (role.equals(m.path("role").asString())) out.add(m);
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
