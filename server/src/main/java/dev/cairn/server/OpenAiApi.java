package dev.cairn.server;

import com.sun.net.httpserver.HttpExchange;
import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.embeddings.OnnxEmbeddingService;
import dev.cairn.server.openai.EmbeddingList;
import dev.cairn.server.openai.EmbeddingRequest;
import dev.cairn.server.openai.ModelList;
import dev.cairn.server.openai.Usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI-compatible routes under {@code /v1}: models, chat completions, completions and embeddings. The
 * {@code model} field of a request is not checked: whatever it names, the served model answers (as llama.cpp's
 * server does), and responses carry the served model's id. Embeddings come from the index's embedding model,
 * embedded as passages (no query instruction), so vectors match what the index stores.
 */
final class OpenAiApi {
    private final ModelBackend backend;
    private final EmbeddingService embeddings;
    private final ChatCompletions completions;
    private final long maxBodyBytes;
    private final long started = System.currentTimeMillis() / 1000;

    OpenAiApi(ModelBackend backend, EmbeddingService embeddings, GenerationGate gate, long maxBodyBytes) {
        this.backend = backend;
        this.embeddings = embeddings;
        this.completions = new ChatCompletions(backend, gate, maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/") && path.length() > 1) path = path.substring(0, path.length() - 1);
        switch (path) {
            case "/v1/chat/completions" -> {
                Exchanges.requireMethod(exchange, "POST");
                completions.chat(exchange);
            }
            case "/v1/completions" -> {
                Exchanges.requireMethod(exchange, "POST");
                completions.complete(exchange);
            }
            case "/v1/embeddings" -> {
                Exchanges.requireMethod(exchange, "POST");
                embed(exchange);
            }
            case "/v1/models" -> {
                Exchanges.requireMethod(exchange, "GET");
                Exchanges.sendJson(exchange, 200, new ModelList(models()));
            }
            default -> {
                if (!path.startsWith("/v1/models/")) throw Exchanges.notFound(exchange);
                Exchanges.requireMethod(exchange, "GET");
                String id = path.substring("/v1/models/".length());
                var model = models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow(() ->
                        new ServerException(404, "invalid_request_error", "model", "model_not_found",
                                "the model '" + id + "' does not exist here; served: " + models().stream().map(ModelList.ModelInfo::id).toList()));
                Exchanges.sendJson(exchange, 200, model);
            }
        }
    }

    private List<ModelList.ModelInfo> models() {
        return List.of(new ModelList.ModelInfo(backend.modelId(), started),
                new ModelList.ModelInfo(embeddings.modelName(), started));
    }

    private void embed(HttpExchange exchange) throws IOException {
        EmbeddingRequest req = Exchanges.readJson(exchange, maxBodyBytes, EmbeddingRequest.class);
        List<String> texts = req.texts();
        if (req.dimensions() != null && req.dimensions() != embeddings.dimension())
            throw ServerException.invalid("dimensions", embeddings.modelName() + " makes " + embeddings.dimension()
                    + "-dimensional vectors; dimensions " + req.dimensions() + " is not available");
        List<float[]> vectors = embeddings.embedPassages(texts);
        var data = new ArrayList<EmbeddingList.Embedding>();
        for (int i = 0; i < vectors.size(); i++) data.add(new EmbeddingList.Embedding(i, vectors.get(i)));
        int tokens = 0;
        for (String t : texts) tokens += tokens(t);
        Exchanges.sendJson(exchange, 200, new EmbeddingList(data, embeddings.modelName(), Usage.of(tokens, 0)));
    }

    /** The model's token count when it can tell, else words. */
    private int tokens(String text) {
        if (embeddings instanceof OnnxEmbeddingService onnx) return onnx.countTokens(text);
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}
