package dev.cairn.agents;

import java.util.List;

/** How a run ended: the answer (or why there is none), every step, and the tokens spent. */
public record AgentResult(String answer, List<Step> steps, StopReason stopReason, TokenUsage usage) {
    public AgentResult {
        steps = List.copyOf(steps);
    }

    public enum StopReason {
        /** The model answered. */
        ANSWERED,
        /** The step limit was reached before an answer. */
        MAX_STEPS,
        /** The overall deadline passed. */
        DEADLINE
    }

    public List<Step.ToolInvocation> toolCalls() {
        return steps.stream().filter(s -> s instanceof Step.ToolInvocation).map(s -> (Step.ToolInvocation) s).toList();
    }
}
