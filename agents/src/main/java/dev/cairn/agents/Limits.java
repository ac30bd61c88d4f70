package dev.cairn.agents;

import java.time.Duration;

/**
 * How far an agent may go: model turns, tool calls in all, how long one tool call may take, how long the whole
 * run may take, and how many times the very same call (tool and arguments) may be made before it is refused as
 * a loop.
 */
public record Limits(int maxSteps, int maxToolCalls, Duration toolTimeout, Duration deadline, int maxRepeats) {
    public Limits {
        if (maxSteps < 1) throw new AgentException("max steps must be >= 1, not " + maxSteps);
        if (maxToolCalls < 0) throw new AgentException("max tool calls must be >= 0, not " + maxToolCalls);
        if (toolTimeout.isNegative() || toolTimeout.isZero()) throw new AgentException("the tool timeout must be positive, not " + toolTimeout);
        if (deadline.isNegative() || deadline.isZero()) throw new AgentException("the deadline must be positive, not " + deadline);
        if (maxRepeats < 1) throw new AgentException("max repeats must be >= 1, not " + maxRepeats);
    }

    /** 10 steps, 20 tool calls, 60 s per tool, 10 minutes in all, the same call at most twice. */
    public static Limits defaults() {
        return new Limits(10, 20, Duration.ofSeconds(60), Duration.ofMinutes(10), 2);
    }

    public Limits withMaxSteps(int maxSteps) {
        return new Limits(maxSteps, maxToolCalls, toolTimeout, deadline, maxRepeats);
    }

    public Limits withMaxToolCalls(int maxToolCalls) {
        return new Limits(maxSteps, maxToolCalls, toolTimeout, deadline, maxRepeats);
    }

    public Limits withToolTimeout(Duration toolTimeout) {
        return new Limits(maxSteps, maxToolCalls, toolTimeout, deadline, maxRepeats);
    }

    public Limits withDeadline(Duration deadline) {
        return new Limits(maxSteps, maxToolCalls, toolTimeout, deadline, maxRepeats);
    }

    public Limits withMaxRepeats(int maxRepeats) {
        return new Limits(maxSteps, maxToolCalls, toolTimeout, deadline, maxRepeats);
    }
}
