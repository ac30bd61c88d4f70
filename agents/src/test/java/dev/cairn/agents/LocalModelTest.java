package dev.cairn.agents;

import dev.cairn.agents.langchain4j.CairnChatModel;
import dev.cairn.agents.langchain4j.CairnStreamingChatModel;
import dev.cairn.agents.langchain4j.LangChain4jChatModel;
import dev.cairn.agents.local.LocalAnswerGenerator;
import dev.cairn.agents.local.LocalChatModel;
import dev.cairn.core.Fixtures;
import dev.cairn.llm.Generation;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in runtime in an agent and behind LangChain4j's interfaces, on stories260K (a 260K-parameter story
 * model: it cannot choose tools, so the first turn is decoded under the tools' schemas, which makes its call
 * valid; what it writes afterwards is prose).
 */
@Timeout(120)
class LocalModelTest {
    static Model model;

    @BeforeAll
    static void load() {
        model = Model.load(Fixtures.fixture("models/stories260K.gguf"));
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    @Test
    void aTinyLocalModelMakesAValidCallThroughMcpThenAnswers() {
        TestTools tools = new TestTools();
        var local = new LocalChatModel(model, 48, Sampler.Settings.greedy(), true, "stories260K");
        try (Agent agent = Agent.builder().model(local).tools("test", tools).limits(Limits.defaults().withMaxSteps(2)).build()) {
            AgentResult result = agent.run("Once upon a time");
            Step.ToolInvocation call = result.toolCalls().getFirst();
            assertTrue(agent.tools().stream().anyMatch(t -> t.name().equals(call.tool())), call.tool());
            assertTrue(List.of(Step.Outcome.OK, Step.Outcome.TOOL_ERROR, Step.Outcome.DENIED).contains(call.outcome()),
                    "the call reached the MCP server (schema-valid arguments are never an unknown tool or a failed call): " + call);
            assertEquals(0, tools.deletes.get());
            Step.ModelTurn first = (Step.ModelTurn) result.steps().getFirst();
            assertTrue(first.usage().input() > 0 && first.usage().output() > 0, first.toString());
        }
    }

    @Test
    void theLocalModelAsLangChain4jChatModels() throws Exception {
        var local = new LocalChatModel(model, 24, Sampler.Settings.greedy(), false, "stories260K");
        var chat = new CairnChatModel(local);
        ChatResponse whole = chat.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(UserMessage.from("Once upon a time")).build());
        assertTrue(!whole.aiMessage().text().isBlank());
        assertEquals(24, whole.tokenUsage().outputTokenCount() + 0, "greedy story text runs to the token limit");

        StringBuilder partial = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        new CairnStreamingChatModel(local).chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(UserMessage.from("Once upon a time")).build(), new StreamingChatResponseHandler() {
            public void onPartialResponse(String s) {
                partial.append(s);
            }

            public void onCompleteResponse(ChatResponse r) {
                done.complete(r);
            }

            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }
        });
        ChatResponse streamed = done.get(60, TimeUnit.SECONDS);
        assertEquals(whole.aiMessage().text(), streamed.aiMessage().text(), "greedy: the same text either way");
        assertEquals(streamed.aiMessage().text(), partial.toString().strip(), "the pieces make up the text");

        // and back: a LangChain4j model (this one) inside Cairn, tools converted both ways
        var forced = new CairnChatModel(new LocalChatModel(model, 64, Sampler.Settings.greedy(), true, "stories260K"));
        var roundTrip = new LangChain4jChatModel(forced, "lc4j(stories260K)");
        var response = roundTrip.chat(ChatRequest.of(List.of(new ChatMessage.User("Once upon a time")),
                List.of(new ToolSpec("lookup", "Looks up a key", (tools.jackson.databind.node.ObjectNode) ScriptedChatModel.JSON
                        .readTree("{\"type\": \"object\", \"properties\": {\"key\": {\"type\": \"string\", \"maxLength\": 8}}, \"required\": [\"key\"]}")))));
        assertEquals(1, response.message().toolCalls().size(), response.toString());
        assertEquals("lookup", response.message().toolCalls().getFirst().name());
        assertTrue(response.message().toolCalls().getFirst().arguments().get("key").isString());
    }

    /** rag's answer generator on the runtime: greedy, so the same prompt gives the same answer; pieces stream in order. */
    @Test
    void theLocalModelWritesRagAnswersGreedily() {
        var answers = new LocalAnswerGenerator(model, 12);
        StringBuilder streamed = new StringBuilder();
        Generation first = answers.generate("Once upon a time", streamed::append);
        assertFalse(first.text().isBlank());
        assertEquals(first.text(), streamed.toString());
        assertTrue(first.tokens().length <= 12, first.toString());
        assertEquals(first.text(), answers.generate("Once upon a time"));
        assertThrows(IllegalArgumentException.class, () -> new LocalAnswerGenerator(model, 0));
    }
}
