package dev.cairn.agents;

import dev.cairn.mcp.schema.CallToolResult;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs the tool calls of one model turn. Every call is first checked in order (known tool, tool-call budget,
 * repeated call, confirmation for tools that may change things); the admitted ones then run in parallel on
 * virtual threads, each bounded by the per-tool timeout. Every outcome, failures included, becomes an
 * observation for the model, delimited as untrusted data.
 */
final class ToolRunner {
    private final Toolbox toolbox;
    private final ConfirmationPolicy policy;
    private final Limits limits;
    private final Map<String, Integer> seen = new HashMap<>();
    private int calls;

    /** One call's observation for the model and its trace step. */
    record Done(ChatMessage.ToolResult message, Step.ToolInvocation step) {
    }

    ToolRunner(Toolbox toolbox, ConfirmationPolicy policy, Limits limits) {
        this.toolbox = toolbox;
        this.policy = policy;
        this.limits = limits;
    }

    int calls() {
        return calls;
    }

    boolean budgetLeft() {
        return calls < limits.maxToolCalls();
    }

    List<Done> run(int turn, List<ToolCall> toolCalls, Duration untilDeadline, Consumer<Step> listener) {
        List<Done> done = new ArrayList<>();
        List<Integer> admitted = new ArrayList<>();
        for (int i = 0; i < toolCalls.size(); i++) done.add(null);
        for (int i = 0; i < toolCalls.size(); i++) {
            ToolCall call = toolCalls.get(i);
            Toolbox.Entry entry = toolbox.find(call.name());
            String server = entry == null ? "" : entry.server();
            String refusal = null;
            Step.Outcome outcome = null;
            String key = call.name() + " " + call.arguments();
            if (entry == null) {
                outcome = Step.Outcome.UNKNOWN_TOOL;
                refusal = "There is no tool named '" + call.name() + "'. Available tools: " + String.join(", ", toolbox.names()) + ".";
            } else if (calls >= limits.maxToolCalls()) {
                outcome = Step.Outcome.LIMIT;
                refusal = "The limit of " + limits.maxToolCalls() + " tool calls is reached; answer with what you have.";
            } else if (seen.getOrDefault(key, 0) >= limits.maxRepeats()) {
                outcome = Step.Outcome.REPEATED;
                refusal = "You already called " + call.name() + " with these arguments " + seen.get(key)
                        + " times; use the earlier results or try something else.";
            } else if (ConfirmationPolicy.needsConfirmation(entry.tool()) && !policy.confirm(server, entry.tool(), call.arguments())) {
                outcome = Step.Outcome.DENIED;
                refusal = "The user did not allow " + call.name() + " to run. Do not try it again; continue without it.";
            }
            if (outcome != null) {
                done.set(i, finish(turn, call, server, refusal, outcome, Duration.ZERO));
                continue;
            }
            calls++;
            seen.merge(key, 1, Integer::sum);
            admitted.add(i);
        }
        Duration timeout = untilDeadline.compareTo(limits.toolTimeout()) < 0 ? untilDeadline : limits.toolTimeout();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Map<Integer, Future<CallToolResult>> futures = new HashMap<>();
            Map<Integer, Long> starts = new HashMap<>();
            for (int i : admitted) {
                ToolCall call = toolCalls.get(i);
                Toolbox.Entry entry = toolbox.find(call.name());
                starts.put(i, System.nanoTime());
                futures.put(i, executor.submit(() -> entry.client().callTool(entry.tool().name(), call.arguments())));
            }
            long end = System.nanoTime() + Math.max(1, timeout.toNanos());
            for (int i : admitted) {
                ToolCall call = toolCalls.get(i);
                String server = toolbox.find(call.name()).server();
                Future<CallToolResult> f = futures.get(i);
                try {
                    CallToolResult r = f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                    Duration took = Duration.ofNanos(System.nanoTime() - starts.get(i));
                    done.set(i, finish(turn, call, server, Toolbox.text(r), r.failed() ? Step.Outcome.TOOL_ERROR : Step.Outcome.OK, took));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    done.set(i, finish(turn, call, server, "The tool did not answer within " + timeout.toMillis() + " ms.",
                            Step.Outcome.TIMED_OUT, Duration.ofNanos(System.nanoTime() - starts.get(i))));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    done.set(i, finish(turn, call, server, "The call failed: " + cause.getMessage(), Step.Outcome.FAILED,
                            Duration.ofNanos(System.nanoTime() - starts.get(i))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AgentException("interrupted while tools were running", e);
                }
            }
        } finally {
            executor.shutdownNow(); // interrupts calls that timed out; never waits for them
        }
        for (Done d : done) listener.accept(d.step());
        return done;
    }

    private static Done finish(int turn, ToolCall call, String server, String result, Step.Outcome outcome, Duration took) {
        boolean error = outcome != Step.Outcome.OK;
        String source = "tool " + call.name() + (error ? " (" + outcome.name().toLowerCase().replace('_', ' ') + ")" : "");
        ObjectNode arguments = call.arguments().deepCopy();
        var step = new Step.ToolInvocation(turn, call.id(), server, call.name(), arguments, result, outcome, took);
        return new Done(new ChatMessage.ToolResult(call.id(), call.name(), Untrusted.wrap(source, result), error), step);
    }
}
