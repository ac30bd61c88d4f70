package dev.cairn.server;

import dev.cairn.core.Fixtures;
import dev.cairn.llm.Generation;
import dev.cairn.llm.Model;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * LangChain4j's OpenAI clients (langchain4j-open-ai 1.19.0, its JDK HTTP client) against a running server on
 * stories260K. The tool-call test replaces the model's output with a Hermes-style {@code <tool_call>} text, since
 * no model that can call tools runs here; the prompt still goes through stories260K's chat format with the tools.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LangChain4jClientsTest {
    @TempDir
    static Path tmp;
    static TestServers.Built index;
    static Model model;
    static CairnServer server;
    static String baseUrl;
    static volatile String cannedReply; // when set, what the "model" writes instead of generating

    @BeforeAll
    static void start() throws Exception {
        model = Model.load(Fixtures.fixture("models/stories260K.gguf"));
        index = TestServers.index(tmp);
        LocalBackend backend = LocalBackend.of(model, "stories260K", (request, listener) -> {
            String canned = cannedReply;
            if (canned == null) return model.generate(request, listener);
            listener.accept(canned);
            return new Generation(request.promptTokens(), new int[]{1, 2, 3}, canned, Generation.FinishReason.STOP,
                    new Generation.Usage(request.promptTokens().length, 3, 0, 0), 0, new float[0]);
        });
        server = CairnServer.builder(index.index(), index.embedder()).backend(backend).port(0).start();
        baseUrl = server.uri().resolve("/v1").toString();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (model != null) model.close();
        if (index != null) index.close();
    }

    @Test
    void openAiChatModelGetsTheGreedyContinuation() {
        var chat = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("unused").modelName("stories260K")
                .temperature(0.0).maxTokens(10).build();
        ChatResponse r = chat.chat(ChatRequest.builder().messages(UserMessage.from("Once upon a time")).build());
        Generation expected = model.generate(dev.cairn.llm.GenerationRequest.of(model.chatPrompt(
                List.of(java.util.Map.of("role", "user", "content", "Once upon a time")), List.of()))
                .withMaxTokens(10).withSampling(dev.cairn.llm.Sampler.Settings.greedy()), piece -> {});
        assertEquals(expected.text(), r.aiMessage().text());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(10, r.tokenUsage().outputTokenCount());
        assertEquals("stories260K", r.modelName());
    }

    @Test
    void openAiStreamingChatModelReceivesPiecesThenTheWholeResponse() {
        var chat = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey("unused").modelName("stories260K")
                .temperature(0.0).maxTokens(16).build();
        var stream = new Collected();
        chat.chat("Lily went to the park", stream);
        ChatResponse r = stream.done.join();
        assertFalse(stream.partial.isEmpty());
        assertEquals(stream.partial.toString(), r.aiMessage().text());
        assertEquals(16, r.tokenUsage().outputTokenCount());
    }

    @Test
    void toolCallsReachTheClientAsToolExecutionRequests() {
        var weather = ToolSpecification.builder().name("get_weather").description("Weather in a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
        cannedReply = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";
        try {
            var request = ChatRequest.builder().messages(UserMessage.from("Weather in Paris?")).toolSpecifications(weather).build();
            var plain = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("unused").modelName("stories260K").build().chat(request);
            assertCall(plain);
            assertEquals(FinishReason.TOOL_EXECUTION, plain.finishReason());

            var stream = new Collected();
            OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey("unused").modelName("stories260K").build().chat(request, stream);
            assertCall(stream.done.join());
            assertEquals("", stream.partial.toString(), "the call's text is never streamed as content");
        } finally {
            cannedReply = null;
        }
    }

    /** A streaming answer as it arrives: the pieces, then the whole response (or the error). */
    private static final class Collected implements StreamingChatResponseHandler {
        final StringBuilder partial = new StringBuilder();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        @Override
        public void onPartialResponse(String text) {
            partial.append(text);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }
    }

    private static void assertCall(ChatResponse r) {
        List<ToolExecutionRequest> calls = r.aiMessage().toolExecutionRequests();
        assertEquals(1, calls.size());
        assertEquals("get_weather", calls.getFirst().name());
        assertEquals("{\"city\":\"Paris\"}", calls.getFirst().arguments().replace(" ", ""));
        assertNull(r.aiMessage().text());
    }

    @Test
    void openAiEmbeddingModelGetsTheIndexModelsVectors() {
        var embeddings = OpenAiEmbeddingModel.builder().baseUrl(baseUrl).apiKey("unused").modelName(index.embedder().modelName()).build();
        var all = embeddings.embedAll(List.of(TextSegment.from("green tea"), TextSegment.from("the Black Sea"))).content();
        assertEquals(2, all.size());
        assertArrayEquals(index.embedder().embedPassages(List.of("the Black Sea")).getFirst(), all.get(1).vector(), 1e-6f);
        assertEquals(index.embedder().dimension(), embeddings.embed("x").content().dimension());
    }
}
