package dev.cairn.examples.agent;

import dev.cairn.agents.Agent;
import dev.cairn.agents.AgentResult;
import dev.cairn.agents.Step;
import dev.cairn.agents.ToolSpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.util.stream.Collectors;

/** Runs the goal of the command line (or a default one) with the agent and prints the trace and the answer. */
@Component
public class AgentDemo implements ApplicationRunner, ExitCodeGenerator {
    static final String DEFAULT_GOAL = "How many weekdays are there from 2026-12-01 up to 2026-12-24, "
            + "and where does Cairn keep its default indexes?";

    private final ObjectProvider<Agent> agent;
    private final PrintStream out;
    private volatile AgentResult last;
    private volatile int exitCode;

    @Autowired
    AgentDemo(ObjectProvider<Agent> agent) {
        this(agent, System.out);
    }

    AgentDemo(ObjectProvider<Agent> agent, PrintStream out) {
        this.agent = agent;
        this.out = out;
    }

    @Override
    public void run(ApplicationArguments args) {
        Agent a = agent.getIfAvailable();
        if (a == null) {
            System.err.println("agent-demo: no model drives the agent: set cairn.llm.openai.base-url (an OpenAI-compatible "
                    + "server) or cairn.llm.model-path (a local GGUF model)");
            exitCode = 2;
            return;
        }
        String goal = args.getNonOptionArgs().isEmpty() ? DEFAULT_GOAL : String.join(" ", args.getNonOptionArgs());
        out.println("tools: " + a.tools().stream().map(ToolSpec::name).collect(Collectors.joining(", ")));
        out.println("goal: " + goal);
        AgentResult result = a.run(goal);
        for (Step step : result.steps()) {
            out.println(describe(step));
        }
        out.println("answer (" + result.stopReason().name().toLowerCase(java.util.Locale.ROOT) + "): " + result.answer());
        last = result;
        exitCode = result.stopReason() == AgentResult.StopReason.ANSWERED ? 0 : 1;
    }

    static String describe(Step step) {
        return switch (step) {
            case Step.ModelTurn turn -> "  model turn " + turn.turn() + ": "
                    + (turn.toolCalls().isEmpty() ? "answers" : turn.toolCalls().size() + " tool call(s)");
            case Step.ToolInvocation call -> "  " + call.server() + "." + call.tool() + " " + call.arguments() + " -> "
                    + call.outcome().name().toLowerCase(java.util.Locale.ROOT);
            case Step.Plan plan -> "  plan " + plan.revision() + ": " + String.join(" / ", plan.steps());
        };
    }

    /** The last run's result, or null. */
    public AgentResult last() {
        return last;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
