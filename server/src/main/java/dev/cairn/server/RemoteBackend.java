package dev.cairn.server;

import dev.cairn.server.openai.ToolCall;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Another OpenAI-compatible server (OpenAI, llama.cpp's llama-server, vLLM, Ollama, another {@code cairn serve})
 * writes the completions: each job is sent to {@code BASE/chat/completions} or {@code BASE/completions} with
 * {@code stream: true} and the streamed deltas are passed on as they arrive. Cancelling a job closes its upstream
 * stream. Upstream errors become 502 with the upstream's message.
 */
public final class RemoteBackend implements ModelBackend {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String model;
    private final String apiKey;
    private final HttpClient http;

    /**
     * @param base   the API root, e.g. {@code https://api.openai.com/v1}
     * @param model  the upstream model name
     * @param apiKey sent as a bearer token; null for none
     */
    public RemoteBackend(URI base, String model, String apiKey) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.model = model;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String modelId() {
        return model;
    }

    @Override
    public Reply chat(GenerationJob job, Consumer<String> pieces) {
        ObjectNode body = body(job);
        body.set("messages", JSON.valueToTree(job.messages()));
        if (!job.tools().isEmpty()) body.set("tools", JSON.valueToTree(job.tools()));
        return send("chat/completions", body, job, pieces, true);
    }

    @Override
    public Reply complete(GenerationJob job, Consumer<String> pieces) {
        ObjectNode body = body(job);
        body.put("prompt", job.prompt());
        return send("completions", body, job, pieces, false);
    }

    private ObjectNode body(GenerationJob job) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        if (job.maxTokens() > 0) body.put("max_tokens", job.maxTokens());
        if (job.temperature() != null) body.put("temperature", job.temperature());
        if (job.topP() != null) body.put("top_p", job.topP());
        if (job.seed() != null) body.put("seed", job.seed());
        if (job.presencePenalty() != null) body.put("presence_penalty", job.presencePenalty());
        if (job.frequencyPenalty() != null) body.put("frequency_penalty", job.frequencyPenalty());
        if (!job.stop().isEmpty()) body.set("stop", JSON.valueToTree(job.stop()));
        return body;
    }

    private Reply send(String path, ObjectNode body, GenerationJob job, Consumer<String> pieces, boolean chat) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null) request.header("Authorization", "Bearer " + apiKey);
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw upstream("cannot reach " + base.resolve(path) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw upstream("interrupted while calling " + base.resolve(path));
        }
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() / 100 != 2) {
                String text = String.join("\n", lines.limit(50).toList());
                throw upstream(base.resolve(path) + " answered " + response.statusCode() + ": " + errorMessage(text));
            }
            return read(lines.iterator(), job, pieces, chat);
        }
    }

    private Reply read(Iterator<String> lines, GenerationJob job, Consumer<String> pieces, boolean chat) {
        var text = new StringBuilder();
        var calls = new TreeMap<Integer, String[]>(); // index -> {id, name, arguments}
        String finish = "stop";
        int prompt = 0, completion = 0;
        while (lines.hasNext()) {
            if (job.cancellation().isCancelled()) return new Reply(text.toString(), "cancelled", prompt, completion);
            String line = lines.next();
            if (!line.startsWith("data:")) continue;
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) break;
            JsonNode event;
            try {
                event = JSON.readTree(data);
            } catch (JacksonException e) {
                throw upstream("the upstream server sent an event that is not JSON: " + data);
            }
            if (event.has("error")) throw upstream("the upstream server failed mid-stream: " + errorMessage(data));
            JsonNode usage = event.path("usage");
            if (usage.isObject()) {
                prompt = usage.path("prompt_tokens").asInt(prompt);
                completion = usage.path("completion_tokens").asInt(completion);
            }
            for (JsonNode choice : event.path("choices")) {
                String piece = chat ? choice.path("delta").path("content").asString("") : choice.path("text").asString("");
                if (!piece.isEmpty()) {
                    text.append(piece);
                    pieces.accept(piece);
                }
                for (JsonNode tc : choice.path("delta").path("tool_calls")) {
                    String[] c = calls.computeIfAbsent(tc.path("index").asInt(calls.size()), i -> new String[]{null, "", ""});
                    if (tc.path("id").isString()) c[0] = tc.get("id").asString();
                    c[1] += tc.path("function").path("name").asString("");
                    c[2] += tc.path("function").path("arguments").asString("");
                }
                if (choice.path("finish_reason").isString()) finish = choice.get("finish_reason").asString();
            }
        }
        List<ToolCall> out = new ArrayList<>();
        calls.forEach((i, c) -> out.add(ToolCall.function(c[0] == null ? "call_" + i : c[0], c[1], c[2].isEmpty() ? "{}" : c[2])));
        return new Reply(text.toString(), finish, prompt, completion, out);
    }

    private static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n.path("error").path("message").isString()) return n.get("error").get("message").asString();
        } catch (JacksonException e) {
            // not JSON: show it as it is
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static ServerException upstream(String message) {
        return new ServerException(502, "upstream_error", null, null, message);
    }
}
