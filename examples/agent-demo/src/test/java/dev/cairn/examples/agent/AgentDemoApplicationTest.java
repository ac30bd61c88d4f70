package dev.cairn.examples.agent;

import dev.cairn.agents.Agent;
import dev.cairn.agents.AgentResult;
import dev.cairn.agents.ChatMessage;
import dev.cairn.agents.ChatModel;
import dev.cairn.agents.ChatRequest;
import dev.cairn.agents.ChatResponse;
import dev.cairn.agents.Step;
import dev.cairn.agents.TokenUsage;
import dev.cairn.agents.ToolCall;
import dev.cairn.core.Fixtures;
import dev.cairn.examples.tools.ToolsServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the agent demo as configured, with the mcp-tools-server example running as its remote MCP server over
 * Streamable HTTP and the repository's {@code examples/docs} as its knowledge base (a fresh index, the smaller
 * embedding model). The model is a scripted test double: no capable instruct LLM runs on this machine, so the
 * model's two turns are fixed (call the knowledge base's {@code search} and the remote {@code days_between}; then
 * answer from what they returned). Everything between the model and the tools is the real thing.
 */
@SpringBootTest(classes = AgentDemoApplication.class, args = "How many weekdays from 2026-12-01 to 2026-12-24, and where are default indexes kept?",
        properties = "cairn.embeddings.model=all-minilm-l6-v2-q")
@Import(AgentDemoApplicationTest.ScriptedModel.class)
@Timeout(180)
class AgentDemoApplicationTest {
    private static final Path INDEX = Path.of("target", "test-work", "agent-demo-index").toAbsolutePath();
    private static StreamableHttpServer workshop;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) throws IOException {
        if (Files.exists(INDEX)) {
            try (Stream<Path> paths = Files.walk(INDEX)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        workshop = ToolsServer.http("127.0.0.1", 0);
        registry.add("cairn.mcp.clients.workshop.url", () -> workshop.uri().toString());
        registry.add("cairn.ingest.paths", () -> Fixtures.repoRoot().resolve("examples/docs").toString());
        registry.add("cairn.index.path", INDEX::toString);
    }

    @AfterAll
    static void stop() {
        if (workshop != null) {
            workshop.close();
        }
    }

    @TestConfiguration
    static class ScriptedModel {
        /** Turn one calls two tools; turn two answers with the numbers and the citation the tools returned. */
        @Bean
        ChatModel scriptedChatModel() {
            return (request, onText) -> respond(request);
        }

        private static ChatResponse respond(ChatRequest request) {
            List<ChatMessage.ToolResult> results = request.messages().stream()
                    .filter(m -> m instanceof ChatMessage.ToolResult).map(m -> (ChatMessage.ToolResult) m).toList();
            if (results.isEmpty()) {
                return new ChatResponse(new ChatMessage.Assistant("", List.of(
                        new ToolCall("c1", "days_between", JsonCodec.object().put("from", "2026-12-01").put("to", "2026-12-24")),
                        new ToolCall("c2", "search", JsonCodec.object().put("query", "where are default indexes kept CAIRN_HOME").put("k", 1)))),
                        TokenUsage.NONE);
            }
            String all = String.join("\n", results.stream().map(ChatMessage.ToolResult::content).toList());
            Matcher weekdays = Pattern.compile("\"weekdays\"\\s*:\\s*(\\d+)").matcher(all);
            Matcher source = Pattern.compile("\\[1] (\\S+\\.md)").matcher(all);
            String answer = (weekdays.find() ? "There are " + weekdays.group(1) + " weekdays." : "No day count came back.")
                    + (source.find() ? " Default indexes are described in " + source.group(1) + "." : " No source came back.");
            return new ChatResponse(ChatMessage.Assistant.of(answer), TokenUsage.NONE);
        }
    }

    @Autowired
    AgentDemo demo;

    @Autowired
    Agent agent;

    @Test
    void theAgentUsedTheRemoteServerAndTheKnowledgeBase() {
        AgentResult result = demo.last();
        assertNotNull(result, "the demo ran the goal of the command line at start-up");
        assertEquals(AgentResult.StopReason.ANSWERED, result.stopReason());
        assertEquals(List.of("workshop.days_between", "knowledge_base.search"),
                result.toolCalls().stream().map(c -> c.server() + "." + c.tool()).toList());
        assertTrue(result.toolCalls().stream().allMatch(c -> c.outcome() == Step.Outcome.OK), result.toolCalls().toString());
        assertTrue(result.answer().startsWith("There are 17 weekdays."), result.answer());
        assertTrue(result.answer().contains("configuration.md"), result.answer());
        assertEquals(0, demo.getExitCode());
    }

    @Test
    void theAgentIsOfferedBothServersTools() {
        List<String> tools = agent.tools().stream().map(dev.cairn.agents.ToolSpec::name).toList();
        assertTrue(tools.containsAll(List.of("convert_temperature", "days_between", "text_stats", "search", "ask")), tools.toString());
    }

    @Test
    void printsTheTraceAndTheAnswer() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var single = new StaticListableBeanFactory();
        single.addBean("agent", agent);
        AgentDemo printing = new AgentDemo(single.getBeanProvider(Agent.class), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        printing.run(new DefaultApplicationArguments("How", "many", "weekdays?"));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("goal: How many weekdays?\n"), out);
        assertTrue(out.contains("  workshop.days_between {\"from\":\"2026-12-01\",\"to\":\"2026-12-24\"} -> ok\n"), out);
        assertTrue(out.contains("answer (answered): There are 17 weekdays."), out);
    }

    @Test
    void withoutAModelItSaysWhatToConfigureAndExitsWithTwo() {
        AgentDemo none = new AgentDemo(new StaticListableBeanFactory().getBeanProvider(Agent.class));
        none.run(new DefaultApplicationArguments());
        assertEquals(2, none.getExitCode());
    }
}
