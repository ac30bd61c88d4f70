package dev.cairn.cli;

import dev.cairn.agents.ChatModel;
import dev.cairn.agents.langchain4j.LangChain4jChatModel;
import dev.cairn.agents.local.LocalChatModel;
import dev.cairn.core.CairnException;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code --model M.gguf | --openai-url URL --openai-model NAME [--api-key-env VAR]}: the chat model of
 * {@code cairn agent} and {@code cairn chat}, the built-in runtime or any OpenAI-compatible server through
 * LangChain4j's client. The caller closes {@link #localModel} when it is set.
 */
final class ChatModels {
    @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "A .gguf model on the built-in runtime.")
    Path model;

    @Option(names = "--openai-url", paramLabel = "URL", description = "An OpenAI-compatible server's base URL (e.g. http://localhost:11434/v1).")
    String openAiUrl;

    @Option(names = "--openai-model", paramLabel = "NAME", description = "The model name to ask the server for.")
    String openAiModel;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the server's API key (none sent otherwise).")
    String apiKeyEnv;

    Model localModel;

    /** The model the options name; usage errors for a missing or double choice. */
    ChatModel open(CommandLine cl, int maxTokens, Sampler.Settings sampling, boolean forceToolCall) {
        return open(cl, maxTokens, sampling, forceToolCall, false);
    }

    /** As {@link #open(CommandLine, int, Sampler.Settings, boolean)}; {@code stream} streams a server's prose as it comes. */
    ChatModel open(CommandLine cl, int maxTokens, Sampler.Settings sampling, boolean forceToolCall, boolean stream) {
        if ((model == null) == (openAiUrl == null)) {
            throw new CommandLine.ParameterException(cl, "give either --model FILE.gguf or --openai-url URL (with --openai-model NAME)");
        }
        if (model != null) {
            localModel = Model.load(model);
            return new LocalChatModel(localModel, maxTokens, sampling, forceToolCall, model.getFileName().toString());
        }
        if (openAiModel == null) throw new CommandLine.ParameterException(cl, "--openai-url needs --openai-model NAME");
        if (!openAiUrl.startsWith("http://") && !openAiUrl.startsWith("https://")) {
            throw new CommandLine.ParameterException(cl, "--openai-url must be an http:// or https:// URL, not '" + openAiUrl + "'");
        }
        String key = "none";
        if (apiKeyEnv != null) {
            key = System.getenv(apiKeyEnv);
            if (key == null || key.isBlank()) throw new CairnException("the environment variable " + apiKeyEnv + " (--api-key-env) is not set");
        }
        var client = OpenAiChatModel.builder().baseUrl(openAiUrl).apiKey(key).modelName(openAiModel)
                .maxTokens(maxTokens).timeout(Duration.ofMinutes(5)).maxRetries(1).build();
        var streaming = !stream ? null : dev.langchain4j.model.openai.OpenAiStreamingChatModel.builder().baseUrl(openAiUrl).apiKey(key)
                .modelName(openAiModel).maxTokens(maxTokens).timeout(Duration.ofMinutes(5)).build();
        return new LangChain4jChatModel(client, streaming, openAiModel + " at " + openAiUrl);
    }

    void close() {
        if (localModel != null) localModel.close();
    }
}
