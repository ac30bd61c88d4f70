package dev.cairn.spring;

import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.llm.Model;
import dev.cairn.rag.answer.AnswerGenerator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The models: the embedding model (it embeds a probe query, so a broken ONNX session shows), and the model that
 * writes answers: a local one by its name, architecture and context; a remote OpenAI-compatible one by asking
 * its {@code /models} endpoint (DOWN when it does not answer 2xx within five seconds).
 */
final class ModelHealthIndicator implements HealthIndicator {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EmbeddingService embeddings;
    private final Model local;
    private final CairnProperties.Llm.OpenAi remote;
    private final AnswerGenerator generator;
    private final HttpClient http;

    /** {@code local}, {@code remote} and {@code generator} may be null (no such model). */
    ModelHealthIndicator(EmbeddingService embeddings, Model local, CairnProperties.Llm.OpenAi remote, AnswerGenerator generator) {
        this.embeddings = embeddings;
        this.local = local;
        this.generator = generator;
        this.remote = remote != null && remote.baseUrl() != null ? remote : null;
        this.http = this.remote == null ? null : HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        try {
            int dimension = embeddings.embedQuery("health check").length;
            health.withDetail("embeddings", embeddings.modelName() + " (" + dimension + " dimensions)");
        } catch (RuntimeException e) {
            health.down().withDetail("embeddings", embeddings.modelName() + ": " + e.getMessage());
        }
        if (local != null) {
            health.withDetail("llm", local.architecture() + ", context " + local.contextLength() + " tokens");
        } else if (remote != null) {
            checkRemote(health);
        } else if (generator != null) {
            health.withDetail("llm", "the application's " + generator.getClass().getName());
        } else {
            health.withDetail("llm", "none: answers are extractive");
        }
        return health.build();
    }

    private void checkRemote(Health.Builder health) {
        URI models = URI.create(remote.baseUrl().toString().replaceAll("/+$", "") + "/models");
        HttpRequest.Builder request = HttpRequest.newBuilder(models).timeout(TIMEOUT).GET();
        if (remote.apiKey() != null) {
            request.header("Authorization", "Bearer " + remote.apiKey());
        }
        health.withDetail("llm", remote.model() + " at " + remote.baseUrl());
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                health.down().withDetail("llmStatus", "GET " + models + " answered HTTP " + status);
            }
        } catch (IOException e) {
            health.down().withDetail("llmStatus", "GET " + models + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            health.unknown().withDetail("llmStatus", "interrupted");
        }
    }
}
