package dev.cairn.cli;

import dev.cairn.agents.ChatModel;
import dev.cairn.agents.langchain4j.LangChain4jChatModel;
import dev.cairn.agents.local.LocalChatModel;
import dev.cairn.core.CairnException;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code --model M.gguf | --openai-url URL --openai-model NAME [--api-key-env VAR]}: the chat model of
 * {@code cairn agent}, {@code cairn chat} and {@code cairn serve}, the built-in runtime or any OpenAI-compatible
 * server, with the same option names, help and API-key rule in all three. The key is read from the variable
 * {@code --api-key-env} names, which must then be set; without the option, from {@code OPENAI_API_KEY} when it is
 * set, else no key is sent (local servers need none). The caller closes {@link #localModel} when it is set.
 */
final class ChatModels {
    static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

    @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "A .gguf chat model on the built-in runtime.")
    Path model;

    @Option(names = "--openai-url", paramLabel = "URL",
            description = "An OpenAI-compatible server's base URL instead (e.g. http://localhost:11434/v1).")
    String openAiUrl;

    @Option(names = "--openai-model", paramLabel = "NAME", description = "The model name to ask --openai-url for.")
    String openAiModel;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "Environment variable holding --openai-url's API key; it must be set. Default: " + DEFAULT_KEY_ENV
                    + " when set, else no key is sent.")
    String apiKeyEnv;

    /** The spelling {@code cairn serve} had before the options were shared; hidden, kept for old scripts. */
    @Option(names = "--openai-key-env", paramLabel = "VAR", hidden = true, description = "Deprecated spelling of --api-key-env.")
    void deprecatedKeyEnv(String variable) {
        apiKeyEnv = variable;
    }

    Model localModel;

    /**
     * A usage error unless {@code model} is a file; a name or folder gets a hint, since {@code --model} named the
     * embedding model in some commands before it meant the chat model everywhere.
     */
    static void requireModelFile(Path model) {
        if (Files.isRegularFile(model)) return;
        boolean notGguf = Files.isDirectory(model) || !model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gguf");
        throw new IllegalArgumentException(model + ": no such model file" + (notGguf
                ? " (--model takes a .gguf chat model; the embedding model is --embedding-model)" : ""));
    }

    /**
     * Usage errors for a double choice, an {@code --openai-url} without {@code --openai-model} or not http(s), and,
     * when {@code required}, for no choice at all.
     */
    void check(CommandLine cl, boolean required) {
        if (model != null && openAiUrl != null) {
            throw new CommandLine.ParameterException(cl, "give either --model FILE.gguf or --openai-url URL (with --openai-model NAME), not both");
        }
        if (required && model == null && openAiUrl == null) {
            throw new CommandLine.ParameterException(cl, "give either --model FILE.gguf or --openai-url URL (with --openai-model NAME)");
        }
        if (openAiUrl == null) return;
        if (openAiModel == null) throw new CommandLine.ParameterException(cl, "--openai-url needs --openai-model NAME");
        if (!openAiUrl.startsWith("http://") && !openAiUrl.startsWith("https://")) {
            throw new CommandLine.ParameterException(cl, "--openai-url must be an http:// or https:// URL, not '" + openAiUrl + "'");
        }
    }

    /** {@code --openai-url} as a URI, after {@link #check}. */
    URI openAiUri(CommandLine cl) {
        try {
            return URI.create(openAiUrl);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--openai-url is not a URL: '" + openAiUrl + "'");
        }
    }

    /** The API key for {@code --openai-url}, or null to send none; a named variable that is unset is an error. */
    String apiKey() {
        String key = System.getenv(apiKeyEnv != null ? apiKeyEnv : DEFAULT_KEY_ENV);
        boolean missing = key == null || key.isBlank();
        if (missing && apiKeyEnv != null) throw new CairnException("the environment variable " + apiKeyEnv + " (--api-key-env) is not set");
        return missing ? null : key;
    }

    /** The model the options name; usage errors for a missing or double choice. */
    ChatModel open(CommandLine cl, int maxTokens, Sampler.Settings sampling, boolean forceToolCall) {
        return open(cl, maxTokens, sampling, forceToolCall, false);
    }

    /** As {@link #open(CommandLine, int, Sampler.Settings, boolean)}; {@code stream} streams a server's prose as it comes. */
    ChatModel open(CommandLine cl, int maxTokens, Sampler.Settings sampling, boolean forceToolCall, boolean stream) {
        check(cl, true);
        if (model != null) {
            localModel = Model.load(model);
            return new LocalChatModel(localModel, maxTokens, sampling, forceToolCall, model.getFileName().toString());
        }
        String key = apiKey();
        if (key == null) key = "none"; // LangChain4j's client wants one; servers without keys ignore it
        var client = OpenAiChatModel.builder().baseUrl(openAiUrl).apiKey(key).modelName(openAiModel)
                .maxTokens(maxTokens).timeout(Duration.ofMinutes(5)).maxRetries(1).build();
        var streaming = !stream ? null : OpenAiStreamingChatModel.builder().baseUrl(openAiUrl).apiKey(key)
                .modelName(openAiModel).maxTokens(maxTokens).timeout(Duration.ofMinutes(5)).build();
        return new LangChain4jChatModel(client, streaming, openAiModel + " at " + openAiUrl);
    }

    void close() {
        if (localModel != null) localModel.close();
    }
}
