package dev.cairn.cli;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat-completions endpoint on the JDK's HttpServer with scripted replies (a capable LLM
 * cannot run here), for the CLI's {@code --openai-url}: the request goes through LangChain4j's real client and
 * real HTTP. Records the request bodies.
 */
final class OpenAiStub implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

    @SafeVarargs
    OpenAiStub(Function<JsonNode, ObjectNode>... turns) throws IOException {
        List<Function<JsonNode, ObjectNode>> script = List.of(turns);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                ObjectNode reply;
                synchronized (requests) {
                    requests.add(body);
                    int i = requests.size() - 1;
                    reply = i < script.size() ? script.get(i).apply(body) : text("(the script is over)");
                }
                if (body.path("stream").asBoolean(false)) {
                    stream(exchange, reply);
                    return;
                }
                byte[] bytes = JSON.writeValueAsBytes(reply);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    /** A text reply as server-sent chunks, a few characters each, as streaming servers send them. */
    private static void stream(com.sun.net.httpserver.HttpExchange exchange, ObjectNode reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        String content = reply.get("choices").get(0).get("message").path("content").asString("");
        var body = exchange.getResponseBody();
        for (int i = 0; i < content.length(); i += 5) {
            ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-cli").put("object", "chat.completion.chunk").put("created", 0).put("model", "stub");
            chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", content.substring(i, Math.min(content.length(), i + 5)));
            body.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.flush();
        }
        ObjectNode last = JSON.createObjectNode().put("id", "chatcmpl-cli").put("object", "chat.completion.chunk").put("created", 0).put("model", "stub");
        last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
        body.write(("data: " + JSON.writeValueAsString(last) + "\n\ndata: [DONE]\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    static ObjectNode text(String content) {
        return completion(JSON.createObjectNode().put("role", "assistant").put("content", content), "stop");
    }

    static ObjectNode toolCalls(String... nameAndArguments) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        for (int i = 0; i < nameAndArguments.length; i += 2) {
            calls.addObject().put("id", "call_" + (i / 2 + 1)).put("type", "function").putObject("function")
                    .put("name", nameAndArguments[i]).put("arguments", nameAndArguments[i + 1]);
        }
        return completion(message, "tool_calls");
    }

    private static ObjectNode completion(ObjectNode message, String finish) {
        ObjectNode r = JSON.createObjectNode().put("id", "chatcmpl-cli").put("object", "chat.completion").put("created", 0).put("model", "stub");
        r.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
        r.putObject("usage").put("prompt_tokens", 3).put("completion_tokens", 2).put("total_tokens", 5);
        return r;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
