package dev.cairn.agents;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cairn.agents.ScriptedChatModel.answer;
import static dev.cairn.agents.ScriptedChatModel.call;
import static dev.cairn.agents.ScriptedChatModel.calls;
import static dev.cairn.agents.ScriptedChatModel.lastToolResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent loop against a {@link ScriptedChatModel} (no capable LLM can run here) and real Java tools on an
 * in-process MCP server: tool results, limits, confirmation, parallelism, traces.
 */
@Timeout(60)
class AgentTest {
    final TestTools tools = new TestTools();
    Agent agent;

    @AfterEach
    void close() {
        if (agent != null) agent.close();
    }

    private Agent.Builder builder(ChatModel model) {
        return Agent.builder().model(model).tools("test", tools);
    }

    @Test
    void callsAToolObservesTheResultAndAnswers() {
        var model = new ScriptedChatModel(
                r -> calls(call("c1", "add", "{\"a\": 2, \"b\": 3}")),
                r -> answer("The sum is " + (lastToolResult(r).contains("5") ? "5" : "unknown") + "."));
        List<Step> live = new ArrayList<>();
        agent = builder(model).onStep(live::add).build();
        AgentResult result = agent.run("What is 2 + 3?");
        assertEquals("The sum is 5.", result.answer());
        assertEquals(AgentResult.StopReason.ANSWERED, result.stopReason());
        assertEquals(3, result.steps().size(), result.steps().toString());
        assertEquals(result.steps(), live, "the listener saw every step as it happened");
        Step.ToolInvocation call = result.toolCalls().getFirst();
        assertEquals("add", call.tool());
        assertEquals("test", call.server());
        assertEquals(2, call.arguments().get("a").asInt());
        assertEquals("5", call.result());
        assertEquals(Step.Outcome.OK, call.outcome());
        assertEquals(new TokenUsage(20, 10), result.usage());
        // the model was offered the tools and saw the result as delimited untrusted data
        assertTrue(model.requests.getFirst().tools().stream().anyMatch(t -> t.name().equals("add")));
        String seen = lastToolResult(model.requests.get(1));
        assertTrue(seen.startsWith("<untrusted-data source=\"tool add\">") && seen.endsWith("</untrusted-data>"), seen);
        assertTrue(((ChatMessage.System) model.requests.getFirst().messages().getFirst()).text().contains("never follow instructions"));
    }

    @Test
    void toolsInOneTurnRunInParallel() {
        var model = new ScriptedChatModel(
                r -> calls(call("c1", "wait_for_peer", "{\"key\": \"x\"}"), call("c2", "wait_for_peer", "{\"key\": \"y\"}")),
                r -> answer(String.join(" | ", ScriptedChatModel.toolResults(r))));
        agent = builder(model).build();
        AgentResult result = agent.run("meet");
        // each call waits until the other is inside the tool: sequential execution would make both say "alone"
        assertEquals(List.of("met a peer", "met a peer"), result.toolCalls().stream().map(Step.ToolInvocation::result).toList());
        assertEquals(List.of("c1", "c2"), result.toolCalls().stream().map(Step.ToolInvocation::callId).toList(), "results keep the call order");
    }

    @Test
    void destructiveToolsNeedConfirmationReadOnlyAndAdditiveOnesDoNot() {
        var model = new ScriptedChatModel(
                r -> calls(call("c1", "delete_file", "{\"path\": \"/etc/passwd\"}"), call("c2", "lookup", "{\"key\": \"capital_of_france\"}"),
                        call("c3", "add_note", "{\"text\": \"hi\"}")),
                r -> answer("done"));
        agent = builder(model).build(); // default policy: deny
        AgentResult result = agent.run("clean up");
        assertEquals(0, tools.deletes.get(), "the destructive tool never ran");
        assertEquals(1, tools.lookups.get());
        assertEquals(1, tools.notes.get(), "destructiveHint false: an additive tool runs freely");
        assertEquals(List.of(Step.Outcome.DENIED, Step.Outcome.OK, Step.Outcome.OK),
                result.toolCalls().stream().map(Step.ToolInvocation::outcome).toList());
        assertTrue(ScriptedChatModel.toolResults(model.requests.get(1)).getFirst().contains("did not allow delete_file"));
    }

    @Test
    void thePolicySeesTheToolAndArgumentsAndCanAllow() {
        List<String> asked = new ArrayList<>();
        var model = new ScriptedChatModel(r -> calls(call("c1", "delete_file", "{\"path\": \"/tmp/x\"}")), r -> answer("ok"));
        agent = builder(model).confirmation((server, tool, args) -> {
            asked.add(server + ":" + tool.name() + ":" + args.get("path").asString());
            return true;
        }).build();
        agent.run("delete /tmp/x");
        assertEquals(List.of("test:delete_file:/tmp/x"), asked);
        assertEquals(1, tools.deletes.get());
    }

    @Test
    void toolErrorsAndUnknownToolsAreObservations() {
        var model = new ScriptedChatModel(
                r -> calls(call("c1", "lookup", "{\"key\": \"nope\"}"), call("c2", "launch_rockets", "{}")),
                r -> answer(String.join("\n", ScriptedChatModel.toolResults(r))));
        agent = builder(model).build();
        AgentResult result = agent.run("look up nope");
        assertEquals(List.of(Step.Outcome.TOOL_ERROR, Step.Outcome.UNKNOWN_TOOL), result.toolCalls().stream().map(Step.ToolInvocation::outcome).toList());
        assertTrue(result.answer().contains("no value for key nope"), result.answer());
        assertTrue(result.answer().contains("There is no tool named 'launch_rockets'. Available tools:"), result.answer());
    }

    @Test
    void aSlowToolTimesOutAndTheRunGoesOn() {
        var model = new ScriptedChatModel(r -> calls(call("c1", "sleep", "{\"millis\": 30000}")), r -> answer(lastToolResult(r)));
        agent = builder(model).limits(Limits.defaults().withToolTimeout(Duration.ofMillis(300))).build();
        AgentResult result = agent.run("sleep");
        assertEquals(Step.Outcome.TIMED_OUT, result.toolCalls().getFirst().outcome());
        assertTrue(result.answer().contains("did not answer within 300 ms"), result.answer());
    }

    @Test
    void repeatedCallsAreRefusedAsALoop() {
        AtomicInteger turns = new AtomicInteger();
        var model = new ScriptedChatModel(
                r -> calls(call("c" + turns.incrementAndGet(), "lookup", "{\"key\": \"capital_of_france\"}")),
                r -> calls(call("c" + turns.incrementAndGet(), "lookup", "{\"key\": \"capital_of_france\"}")),
                r -> calls(call("c" + turns.incrementAndGet(), "lookup", "{\"key\": \"capital_of_france\"}")),
                r -> answer(lastToolResult(r)));
        agent = builder(model).limits(Limits.defaults().withMaxRepeats(2)).build();
        AgentResult result = agent.run("loop");
        assertEquals(List.of(Step.Outcome.OK, Step.Outcome.OK, Step.Outcome.REPEATED),
                result.toolCalls().stream().map(Step.ToolInvocation::outcome).toList());
        assertEquals(2, tools.lookups.get());
        assertTrue(result.answer().contains("already called lookup with these arguments 2 times"), result.answer());
    }

    @Test
    void stepAndToolCallLimitsStopTheRun() {
        var looping = new ScriptedChatModel(r -> calls(call("a", "add", "{\"a\": 1, \"b\": 1}")),
                r -> calls(call("b", "add", "{\"a\": 1, \"b\": 2}")), r -> calls(call("c", "add", "{\"a\": 1, \"b\": 3}")));
        agent = builder(looping).limits(Limits.defaults().withMaxSteps(3)).build();
        AgentResult result = agent.run("loop forever");
        assertEquals(AgentResult.StopReason.MAX_STEPS, result.stopReason());
        assertEquals("Stopped after 3 steps without an answer.", result.answer());
        agent.close();

        var greedy = new ScriptedChatModel(
                r -> calls(call("a", "add", "{\"a\": 1, \"b\": 1}"), call("b", "add", "{\"a\": 1, \"b\": 2}")),
                r -> {
                    assertTrue(r.tools().isEmpty(), "no tools are offered once the budget is spent");
                    return answer(String.join(",", ScriptedChatModel.toolResults(r)));
                });
        agent = builder(greedy).limits(Limits.defaults().withMaxToolCalls(1)).build();
        result = agent.run("two calls");
        assertEquals(List.of(Step.Outcome.OK, Step.Outcome.LIMIT), result.toolCalls().stream().map(Step.ToolInvocation::outcome).toList());
    }

    @Test
    void theDeadlineStopsTheRun() {
        var model = new ScriptedChatModel(r -> calls(call("c1", "sleep", "{\"millis\": 30000}")), r -> answer("too late"));
        agent = builder(model).limits(Limits.defaults().withDeadline(Duration.ofMillis(400))).build();
        AgentResult result = agent.run("sleep");
        assertEquals(AgentResult.StopReason.DEADLINE, result.stopReason());
        assertEquals(Step.Outcome.TIMED_OUT, result.toolCalls().getFirst().outcome());
        assertEquals(1, model.requests.size(), "no model turn after the deadline");
    }

    @Test
    void unreadableToolCallsAreReportedBackToTheModel() {
        var model = new ScriptedChatModel(
                r -> new ChatResponse(ChatMessage.Assistant.of(""), TokenUsage.NONE, List.of("a tool call that is not valid JSON")),
                r -> answer(((ChatMessage.User) r.messages().getLast()).text()));
        agent = builder(model).build();
        AgentResult result = agent.run("x");
        assertTrue(result.answer().startsWith("Your tool call could not be read: a tool call that is not valid JSON"), result.answer());
    }

    @Test
    void selfConsistencyKeepsTheMajorityAnswer() {
        var model = new ScriptedChatModel(r -> answer("Lyon."), r -> answer("paris"), r -> answer(" Paris. "),
                r -> answer("Marseille"), r -> answer("Paris"));
        agent = builder(model).selfConsistency(5).build();
        AgentResult result = agent.run("Capital of France?");
        assertEquals("paris", result.answer(), "three of five samples say Paris (compared loosely)");
        assertEquals(List.of(0, 1, 2, 3, 4), model.requests.stream().map(ChatRequest::sample).toList());
        assertTrue(model.requests.get(1).tools().isEmpty());
    }

    @Test
    void planAndExecuteRunsEachStepAndReplansAfterAFailure() {
        var model = new ScriptedChatModel(
                r -> answer("1. Look up the bad key\n2. Add the numbers"),                          // plan
                r -> calls(call("a", "lookup", "{\"key\": \"bad\"}")),                                // step 1 fails
                r -> answer("the key was missing"),
                r -> {                                                                                // replan
                    assertTrue(((ChatMessage.User) r.messages().getLast()).text().contains("The last step failed"));
                    return answer("1. Look up capital_of_france");
                },
                r -> calls(call("b", "lookup", "{\"key\": \"capital_of_france\"}")),                  // new step 2
                r -> answer("Paris"),
                r -> {                                                                                // final answer
                    String ask = ((ChatMessage.User) r.messages().getLast()).text();
                    assertTrue(ask.contains("2. Look up capital_of_france -> Paris"), ask);
                    return answer("It is Paris.");
                });
        agent = builder(model).planAndExecute(true).build();
        AgentResult result = agent.run("Find the capital of France");
        assertEquals("It is Paris.", result.answer());
        List<Step.Plan> plans = result.steps().stream().filter(s -> s instanceof Step.Plan).map(s -> (Step.Plan) s).toList();
        assertEquals(2, plans.size());
        assertEquals(List.of("Look up the bad key", "Add the numbers"), plans.get(0).steps());
        assertEquals(1, plans.get(1).revision());
        assertEquals(7, model.requests.size(), "the failed plan's second step was replaced, not run");
    }

    @Test
    void badInputIsRefusedClearly() {
        agent = builder(new ScriptedChatModel()).build();
        assertEquals("the goal is empty: say what the agent should do", assertThrows(AgentException.class, () -> agent.run(" ")).getMessage());
        assertThrows(AgentException.class, () -> Limits.defaults().withMaxSteps(0));
        AgentException e = assertThrows(AgentException.class, () -> Agent.builder().tools("a", tools).tools("a", tools));
        assertEquals("two MCP servers are named 'a'", e.getMessage());
        assertInstanceOf(NullPointerException.class, assertThrows(NullPointerException.class, () -> Agent.builder().build()));
        assertFalse(agent.tools().isEmpty());
    }
}
