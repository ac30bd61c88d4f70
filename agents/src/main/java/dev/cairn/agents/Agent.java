package dev.cairn.agents;

import dev.cairn.agents.memory.ConversationMemory;
import dev.cairn.agents.memory.LongTermMemory;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.transport.InProcessTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A tool-using agent: the model proposes tool calls, the agent runs them through MCP (in-process Java tools,
 * stdio or HTTP servers), shows the model the results as delimited untrusted data, and repeats until the model
 * answers or a limit stops it. Several calls in one turn run in parallel. Tools that may change things run only
 * if the {@link ConfirmationPolicy} agrees. Optional: plan-and-execute ({@link Builder#planAndExecute}) and
 * self-consistency for the final answer ({@link Builder#selfConsistency}).
 *
 * <pre>{@code
 * Agent agent = Agent.builder().model(model).mcp("files", filesClient).tools(new MyJavaTools())
 *         .limits(Limits.defaults().withMaxSteps(8)).confirmation(ConfirmationPolicy.denyAll()).build();
 * AgentResult result = agent.run("How many open invoices are there?");
 * }</pre>
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    static final String SYSTEM = "You are an agent that reaches the user's goal with the tools you are given. Call a tool "
            + "when you need information or need to act; several independent calls may go in one turn. When you have the "
            + "answer, reply with it in plain prose and call no tool. " + Untrusted.RULE;

    private final ChatModel model;
    private final Toolbox toolbox;
    private final List<McpClient> owned;
    private final Limits limits;
    private final ConfirmationPolicy policy;
    private final String systemPrompt;
    private final Map<String, ConversationMemory> memories = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.function.Supplier<ConversationMemory> memoryFactory;
    private final LongTermMemory longTerm;
    private final int recall;
    private final boolean plan;
    private final int samples;
    private final Consumer<Step> listener;
    private final Consumer<String> onText;

    private Agent(Builder b) {
        this.model = Objects.requireNonNull(b.model, "an agent needs a model");
        this.owned = List.copyOf(b.owned);
        this.toolbox = new Toolbox(b.servers);
        this.limits = b.limits;
        this.policy = b.policy;
        this.systemPrompt = b.systemPrompt;
        this.memoryFactory = b.memoryFactory;
        this.longTerm = b.longTerm;
        this.recall = b.recall;
        this.plan = b.plan;
        this.samples = b.samples;
        this.listener = b.listener;
        this.onText = b.onText;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tools the model is offered, as it sees them. */
    public List<ToolSpec> tools() {
        return toolbox.specs();
    }

    /** Runs {@code goal} in the default session. */
    public AgentResult run(String goal) {
        return run("default", goal);
    }

    /** Runs {@code goal} with the conversation memory and long-term facts of {@code session}. */
    public AgentResult run(String session, String goal) {
        if (goal == null || goal.isBlank()) throw new AgentException("the goal is empty: say what the agent should do");
        Run run = new Run(System.nanoTime() + limits.deadline().toNanos());
        ConversationMemory memory = memoryFactory == null ? null : memories.computeIfAbsent(session, s -> memoryFactory.get());
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(new ChatMessage.System(systemPrompt + recalled(session, goal)));
        if (memory != null) messages.addAll(memory.messages());
        ChatMessage.User user = new ChatMessage.User(goal);
        messages.add(user);
        AgentResult result = plan ? new Planner(this).run(goal, messages, run) : loop(messages, run, true);
        if (memory != null) {
            memory.add(user); // the exchange as the user saw it; tool traffic stays in the trace
            memory.add(ChatMessage.Assistant.of(result.answer()));
        }
        if (longTerm != null && result.stopReason() == AgentResult.StopReason.ANSWERED) {
            longTerm.remember(session, "Asked: " + goal.strip() + "\nAnswered: " + result.answer().strip());
        }
        return result;
    }

    private String recalled(String session, String goal) {
        if (longTerm == null || recall == 0) return "";
        List<String> facts = longTerm.recall(session, goal, recall, 0.3);
        if (facts.isEmpty()) return "";
        StringBuilder s = new StringBuilder("\n\nWhat you remember from earlier sessions (may be outdated):");
        for (String f : facts) s.append('\n').append(Untrusted.wrap("memory", f));
        return s.toString();
    }

    /** Mutable state of one run: steps, budget, deadline, tokens. */
    final class Run {
        final long deadline;
        final List<Step> steps = new ArrayList<>();
        final ToolRunner tools = new ToolRunner(toolbox, policy, limits);
        TokenUsage usage = TokenUsage.NONE;
        int turns;

        Run(long deadline) {
            this.deadline = deadline;
        }

        void add(Step step) {
            steps.add(step);
            listener.accept(step);
        }

        Duration left() {
            return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        }

        AgentResult result(String answer, AgentResult.StopReason reason) {
            return new AgentResult(answer, steps, reason, usage);
        }

        ChatResponse turn(List<ChatMessage> messages, List<ToolSpec> tools, int sample) {
            long start = System.nanoTime();
            ChatResponse r = model.chat(new ChatRequest(messages, tools, sample), sample == 0 ? onText : t -> {});
            usage = usage.plus(r.usage());
            if (sample == 0) turns++;
            add(new Step.ModelTurn(turns, r.message().text(), r.message().toolCalls(), r.usage(),
                    Duration.ofNanos(System.nanoTime() - start), sample));
            return r;
        }
    }

    /**
     * The ReAct loop over {@code messages} (appended to as it goes). Ends with the model's answer, or at the step
     * limit or deadline; with {@code finalAnswer} the answer may be sampled several times (self-consistency).
     */
    AgentResult loop(List<ChatMessage> messages, Run run, boolean finalAnswer) {
        while (true) {
            if (run.turns >= limits.maxSteps()) {
                return run.result("Stopped after " + limits.maxSteps() + " steps without an answer.", AgentResult.StopReason.MAX_STEPS);
            }
            if (run.left().isZero()) {
                return run.result("Stopped at the deadline of " + limits.deadline().toSeconds() + " s without an answer.",
                        AgentResult.StopReason.DEADLINE);
            }
            List<ToolSpec> offered = run.tools.budgetLeft() ? toolbox.specs() : List.of();
            ChatResponse response = run.turn(messages, offered, 0);
            ChatMessage.Assistant reply = response.message();
            messages.add(reply);
            if (!reply.hasToolCalls()) {
                if (!response.problems().isEmpty() && run.turns < limits.maxSteps()) {
                    messages.add(new ChatMessage.User("Your tool call could not be read: " + String.join("; ", response.problems())
                            + ". Write it again in the exact format, or answer without tools."));
                    continue;
                }
                String answer = finalAnswer && samples > 1 ? consensus(messages.subList(0, messages.size() - 1), reply.text(), run) : reply.text();
                return run.result(answer, AgentResult.StopReason.ANSWERED);
            }
            for (ToolRunner.Done done : run.tools.run(run.turns, reply.toolCalls(), run.left(), run::add)) {
                messages.add(done.message());
            }
        }
    }

    /** The most common of {@code samples} answers (the first answer wins ties); answers compared loosely. */
    private String consensus(List<ChatMessage> context, String first, Run run) {
        List<String> answers = new ArrayList<>(List.of(first));
        for (int i = 1; i < samples && !run.left().isZero(); i++) {
            answers.add(run.turn(new ArrayList<>(context), List.of(), i).message().text());
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        Map<String, String> original = new LinkedHashMap<>();
        for (String a : answers) {
            String key = normalize(a);
            votes.merge(key, 1, Integer::sum);
            original.putIfAbsent(key, a);
        }
        String best = normalize(first);
        for (var e : votes.entrySet()) if (e.getValue() > votes.get(best)) best = e.getKey();
        log.debug("self-consistency votes: {}", votes);
        return original.get(best);
    }

    static String normalize(String answer) {
        return answer.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[.!。]+$", "");
    }

    ChatModel model() {
        return model;
    }

    Limits limits() {
        return limits;
    }

    /** Closes the MCP clients the agent created itself (in-process servers for Java tools); not those passed in. */
    @Override
    public void close() {
        for (McpClient c : owned) c.close();
    }

    public static final class Builder {
        private ChatModel model;
        private final Map<String, McpClient> servers = new LinkedHashMap<>();
        private final List<McpClient> owned = new ArrayList<>();
        private Limits limits = Limits.defaults();
        private ConfirmationPolicy policy = ConfirmationPolicy.denyAll();
        private String systemPrompt = SYSTEM;
        private java.util.function.Supplier<ConversationMemory> memoryFactory;
        private LongTermMemory longTerm;
        private int recall = 3;
        private boolean plan;
        private int samples = 1;
        private Consumer<Step> listener = s -> {};
        private Consumer<String> onText = t -> {};

        public Builder model(ChatModel model) {
            this.model = model;
            return this;
        }

        /** A connected MCP server, named for traces and name clashes. The caller closes it. */
        public Builder mcp(String name, McpClient client) {
            if (servers.containsKey(name)) throw new AgentException("two MCP servers are named '" + name + "'");
            servers.put(name, client);
            return this;
        }

        /** A connected MCP server, named by its own server info. */
        public Builder mcp(McpClient client) {
            String name = client.serverInfo() == null ? "server" + servers.size() : client.serverInfo().name();
            return mcp(servers.containsKey(name) ? name + servers.size() : name, client);
        }

        /** Java tools ({@code @McpTool} methods of {@code target}), served by an in-process MCP server. */
        public Builder tools(String name, Object target) {
            return tools(name, McpServer.builder().name(name).tools(target).build());
        }

        /** An in-process MCP server, connected without a transport. */
        public Builder tools(String name, McpServer server) {
            McpClient client = McpClient.builder().connect(InProcessTransport.to(server));
            owned.add(client);
            return mcp(name, client);
        }

        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** Who approves tools that may change things; the default refuses them all. */
        public Builder confirmation(ConfirmationPolicy policy) {
            this.policy = Objects.requireNonNull(policy);
            return this;
        }

        /** Replaces the default system prompt (which explains tools and untrusted data). */
        public Builder systemPrompt(String systemPrompt) {
            this.systemPrompt = Objects.requireNonNull(systemPrompt);
            return this;
        }

        /** Conversation memory per session, each made by {@code factory} on the session's first run. */
        public Builder memory(java.util.function.Supplier<ConversationMemory> factory) {
            this.memoryFactory = factory;
            return this;
        }

        /** Long-term facts: each answered run is stored; the {@code recall} most similar facts are shown each run. */
        public Builder longTermMemory(LongTermMemory memory, int recall) {
            this.longTerm = memory;
            this.recall = recall;
            return this;
        }

        /** Plan first (a numbered list), then execute step by step, replanning when a step fails. */
        public Builder planAndExecute(boolean plan) {
            this.plan = plan;
            return this;
        }

        /** Samples the final answer {@code n} times and keeps the majority. */
        public Builder selfConsistency(int n) {
            if (n < 1) throw new AgentException("self-consistency needs at least 1 sample, not " + n);
            this.samples = n;
            return this;
        }

        /** Called with each step as it happens (for printing a trace live). */
        public Builder onStep(Consumer<Step> listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Called with the model's prose as it streams. */
        public Builder onText(Consumer<String> onText) {
            this.onText = Objects.requireNonNull(onText);
            return this;
        }

        public Agent build() {
            return new Agent(this);
        }
    }
}
