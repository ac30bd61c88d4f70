package dev.cairn.agents;

import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;

/** One entry of an agent's trace: a model turn, a tool call, or a plan. */
public sealed interface Step {
    Duration took();

    /** The model's turn: its prose, the calls it asked for, what it cost. {@code sample} > 0 for self-consistency samples. */
    record ModelTurn(int turn, String text, List<ToolCall> toolCalls, TokenUsage usage, Duration took, int sample)
            implements Step {
        public ModelTurn {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** A tool call and what became of it; {@code result} is what the model was shown (before delimiting). */
    record ToolInvocation(int turn, String callId, String server, String tool, ObjectNode arguments, String result,
                          Outcome outcome, Duration took) implements Step {
    }

    /** A plan (plan-and-execute mode); {@code revision} 0 is the first, later ones are replans after a failure. */
    record Plan(List<String> steps, int revision, Duration took) implements Step {
        public Plan {
            steps = List.copyOf(steps);
        }
    }

    /** What happened to a tool call. */
    enum Outcome {
        /** The tool ran and succeeded. */
        OK,
        /** The tool ran and reported an error ({@code isError}). */
        TOOL_ERROR,
        /** The call failed: a protocol error, a lost server. */
        FAILED,
        /** The tool did not answer within the per-tool timeout. */
        TIMED_OUT,
        /** The tool needs confirmation and the policy refused. */
        DENIED,
        /** The same call was made too many times. */
        REPEATED,
        /** No server offers a tool by that name. */
        UNKNOWN_TOOL,
        /** The run's tool-call budget was spent. */
        LIMIT
    }
}
