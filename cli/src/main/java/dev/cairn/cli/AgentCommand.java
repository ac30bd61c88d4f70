package dev.cairn.cli;

import dev.cairn.agents.Agent;
import dev.cairn.agents.AgentResult;
import dev.cairn.agents.ChatModel;
import dev.cairn.agents.ConfirmationPolicy;
import dev.cairn.agents.Limits;
import dev.cairn.agents.Step;
import dev.cairn.llm.Sampler;
import dev.cairn.mcp.McpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cairn agent "goal" (--model M.gguf | --openai-url URL --openai-model NAME) [--mcp SERVER]... [--yes]}:
 * runs an agent whose tools are the MCP servers given, printing each step as it happens and then the answer, or
 * with {@code --json} one JSON object at the end. Tools that may change things run only with {@code --yes} or
 * when the user says yes at the terminal; without a terminal they are refused.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run a tool-using agent toward a goal, with tools from MCP servers.",
                "Tools that may change things (not read-only, destructive by their annotations) need --yes or a 'y' at the terminal."})
final class AgentCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameters(index = "0", paramLabel = "GOAL", description = "What the agent should do or find out.")
    String goal;

    @CommandLine.Mixin
    ChatModels models;

    @Option(names = "--mcp", paramLabel = "SERVER", description = "An MCP server: a URL (Streamable HTTP) or a command line (stdio). Repeatable.")
    List<String> mcp = new ArrayList<>();

    @Option(names = {"-y", "--yes"}, description = "Allow tools that may change things without asking.")
    boolean yes;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "10", description = "Most model turns. Default: ${DEFAULT-VALUE}.")
    int maxSteps;

    @Option(names = "--max-tool-calls", paramLabel = "N", defaultValue = "20", description = "Most tool calls. Default: ${DEFAULT-VALUE}.")
    int maxToolCalls;

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "512", description = "Most tokens per model turn. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--plan", description = "Plan first, then execute the plan step by step.")
    boolean plan;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1", description = "Sample the final answer N times and keep the majority.")
    int samples;

    @Option(names = "--force-tool-call", description = "Local models: decode the first turn under the tools' JSON Schemas (a valid call even from small models).")
    boolean forceToolCall;

    @Option(names = "--json", description = "Print {\"answer\": ..., \"steps\": [...]} at the end instead of the live trace.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (goal.isBlank()) throw new CommandLine.ParameterException(spec.commandLine(), "the goal is empty");
        if (maxSteps < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--max-steps must be >= 1, not " + maxSteps);
        if (samples < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--samples must be >= 1, not " + samples);
        Limits limits = Limits.defaults().withMaxSteps(maxSteps).withMaxToolCalls(Math.max(0, maxToolCalls));
        List<McpClient> clients = new ArrayList<>();
        try {
            ChatModel model = models.open(spec.commandLine(), maxTokens, Sampler.Settings.greedy(), forceToolCall);
            var builder = Agent.builder().model(model).limits(limits).confirmation(policy(err)).planAndExecute(plan).selfConsistency(samples);
            for (String server : mcp) {
                McpClient client = McpConnection.connect(server);
                clients.add(client);
                builder.mcp(client);
            }
            if (!json) builder.onStep(step -> print(step, out));
            AgentResult result;
            try (Agent agent = builder.build()) {
                result = agent.run(goal);
            }
            if (json) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(result)));
            } else {
                out.println();
                out.println(result.answer());
            }
            out.flush();
            if (result.stopReason() != AgentResult.StopReason.ANSWERED) {
                err.println("cairn agent: " + result.answer());
                return 1;
            }
            return 0;
        } finally {
            for (McpClient c : clients) c.close();
            models.close();
        }
    }

    private ConfirmationPolicy policy(PrintWriter err) {
        if (yes) return ConfirmationPolicy.allowAll();
        if (System.console() == null) return ConfirmationPolicy.denyAll();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return (server, tool, arguments) -> {
            synchronized (this) {
                err.print("Allow " + tool.name() + " on " + server + " with " + arguments + "? [y/N] ");
                err.flush();
                try {
                    String line = in.readLine();
                    return line != null && line.strip().toLowerCase(Locale.ROOT).startsWith("y");
                } catch (java.io.IOException e) {
                    return false;
                }
            }
        };
    }

    private static void print(Step step, PrintWriter out) {
        switch (step) {
            case Step.ModelTurn m -> {
                String calls = m.toolCalls().isEmpty() ? "" : " -> calls " + String.join(", ", m.toolCalls().stream().map(c -> c.name()).toList());
                String text = m.text().isBlank() ? "" : " " + oneLine(m.text(), 200);
                out.println("[model " + m.turn() + (m.sample() > 0 ? " sample " + m.sample() : "") + ", " + m.took().toMillis() + " ms, "
                        + m.usage().input() + "+" + m.usage().output() + " tokens]" + text + calls);
            }
            case Step.ToolInvocation t -> out.println("[tool " + t.server() + "/" + t.tool() + " " + t.arguments() + " -> "
                    + t.outcome().name().toLowerCase(Locale.ROOT) + ", " + t.took().toMillis() + " ms] " + oneLine(t.result(), 200));
            case Step.Plan p -> out.println("[plan" + (p.revision() > 0 ? " revision " + p.revision() : "") + "] " + String.join(" | ", p.steps()));
        }
        out.flush();
    }

    private static String oneLine(String s, int max) {
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }

    static ObjectNode toJson(AgentResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("answer", result.answer());
        root.put("stop_reason", result.stopReason().name().toLowerCase(Locale.ROOT));
        root.putObject("usage").put("input_tokens", result.usage().input()).put("output_tokens", result.usage().output());
        ArrayNode steps = root.putArray("steps");
        for (Step step : result.steps()) {
            ObjectNode s = steps.addObject();
            switch (step) {
                case Step.ModelTurn m -> {
                    s.put("type", "model").put("turn", m.turn()).put("text", m.text());
                    if (m.sample() > 0) s.put("sample", m.sample());
                    ArrayNode calls = s.putArray("tool_calls");
                    m.toolCalls().forEach(c -> calls.addObject().put("id", c.id()).put("tool", c.name()).set("arguments", c.arguments()));
                    s.put("input_tokens", m.usage().input()).put("output_tokens", m.usage().output());
                }
                case Step.ToolInvocation t -> {
                    s.put("type", "tool_call").put("turn", t.turn()).put("id", t.callId()).put("server", t.server()).put("tool", t.tool());
                    s.set("arguments", t.arguments());
                    s.put("result", t.result()).put("outcome", t.outcome().name().toLowerCase(Locale.ROOT));
                }
                case Step.Plan p -> {
                    s.put("type", "plan").put("revision", p.revision());
                    ArrayNode items = s.putArray("steps");
                    p.steps().forEach(items::add);
                }
            }
            s.put("millis", step.took().toMillis());
        }
        return root;
    }
}
