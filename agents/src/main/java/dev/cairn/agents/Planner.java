package dev.cairn.agents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plan-and-execute: the model first writes a numbered plan (no tools), then each step runs as its own ReAct loop
 * that sees the goal, the plan and what earlier steps found. A step that ends without an answer, or whose last
 * tool call failed, triggers a replan of the remaining work (at most two). Finally the model answers the goal
 * from the step results. All turns share the run's limits.
 */
final class Planner {
    static final int MAX_REPLANS = 2;
    private static final Pattern NUMBERED = Pattern.compile("^\\s*(\\d+)[.)]\\s+(.+)$", Pattern.MULTILINE);

    private final Agent agent;

    Planner(Agent agent) {
        this.agent = agent;
    }

    AgentResult run(String goal, List<ChatMessage> conversation, Agent.Run run) {
        ChatMessage.System system = (ChatMessage.System) conversation.getFirst();
        List<String> plan = plan(system, goal, List.of(), run, 0);
        List<String> findings = new ArrayList<>();
        int replans = 0;
        for (int i = 0; i < plan.size(); i++) {
            List<ChatMessage> messages = new ArrayList<>(conversation.subList(0, conversation.size() - 1));
            messages.add(new ChatMessage.User("Goal: " + goal + "\nPlan:\n" + numbered(plan) + "\nDone so far:\n"
                    + (findings.isEmpty() ? "(nothing yet)" : String.join("\n", findings))
                    + "\n\nNow carry out step " + (i + 1) + " only: " + plan.get(i) + "\nReply with what this step found."));
            int before = run.steps.size();
            AgentResult step = agent.loop(messages, run, false);
            if (step.stopReason() != AgentResult.StopReason.ANSWERED) return step;
            findings.add((i + 1) + ". " + plan.get(i) + " -> " + step.answer().strip());
            if (failed(run.steps.subList(before, run.steps.size())) && replans < MAX_REPLANS) {
                replans++;
                List<String> rest = plan(system, goal, findings, run, replans);
                plan = new ArrayList<>(plan.subList(0, i + 1));
                plan.addAll(rest);
            }
        }
        List<ChatMessage> messages = new ArrayList<>(conversation.subList(0, conversation.size() - 1));
        messages.add(new ChatMessage.User("Goal: " + goal + "\nResults of the plan's steps:\n" + String.join("\n", findings)
                + "\n\nAnswer the goal now from these results."));
        if (run.turns >= agent.limits().maxSteps()) {
            return run.result("Stopped after " + agent.limits().maxSteps() + " steps without an answer.", AgentResult.StopReason.MAX_STEPS);
        }
        ChatResponse answer = run.turn(messages, List.of(), 0);
        return run.result(answer.message().text(), AgentResult.StopReason.ANSWERED);
    }

    private List<String> plan(ChatMessage.System system, String goal, List<String> findings, Agent.Run run, int revision) {
        String tools = String.join(", ", agent.tools().stream().map(ToolSpec::name).toList());
        String ask = findings.isEmpty()
                ? "Goal: " + goal + "\nTools available: " + tools + "\nWrite a short numbered plan (1. 2. 3.), one action per line, and nothing else."
                : "Goal: " + goal + "\nDone so far:\n" + String.join("\n", findings) + "\nThe last step failed. Write a numbered plan "
                + "for the remaining work only, one action per line, and nothing else.";
        long start = System.nanoTime();
        ChatResponse r = run.turn(List.of(system, new ChatMessage.User(ask)), List.of(), 0);
        List<String> steps = parse(r.message().text());
        if (steps.isEmpty()) steps = List.of(goal); // a model that will not plan executes the goal as one step
        run.add(new Step.Plan(steps, revision, Duration.ofNanos(System.nanoTime() - start)));
        return steps;
    }

    static List<String> parse(String text) {
        List<String> steps = new ArrayList<>();
        Matcher m = NUMBERED.matcher(text);
        while (m.find()) steps.add(m.group(2).strip());
        return steps;
    }

    private static boolean failed(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof Step.ToolInvocation t) return t.outcome() != Step.Outcome.OK;
        }
        return false;
    }

    private static String numbered(List<String> plan) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < plan.size(); i++) s.append(i + 1).append(". ").append(plan.get(i)).append('\n');
        return s.toString();
    }
}
