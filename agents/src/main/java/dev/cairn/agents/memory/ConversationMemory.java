package dev.cairn.agents.memory;

import dev.cairn.agents.AgentException;
import dev.cairn.agents.ChatMessage;
import dev.cairn.agents.ChatModel;
import dev.cairn.agents.ChatRequest;
import dev.cairn.agents.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The recent conversation, bounded by tokens. When the messages outgrow the budget, the oldest whole exchanges
 * (from a user message up to the next one, so a tool call never loses its result) leave the window: with a
 * summarizer model they are folded into a running summary, which comes first as a system message; without
 * one they are dropped and {@link #dropped()} counts them. The newest exchange always stays. Thread-safe.
 */
public final class ConversationMemory {
    private final int maxTokens;
    private final ToIntFunction<String> tokens;
    private final ChatModel summarizer;
    private final List<ChatMessage> messages = new ArrayList<>();
    private String summary = "";
    private int dropped;

    /**
     * @param maxTokens  the budget for the messages (and the summary)
     * @param tokens     counts a text's tokens (the model's tokenizer, or an estimate)
     * @param summarizer summarizes messages that leave the window; null to trim them instead
     */
    public ConversationMemory(int maxTokens, ToIntFunction<String> tokens, ChatModel summarizer) {
        if (maxTokens < 1) throw new AgentException("the memory's token budget must be >= 1, not " + maxTokens);
        this.maxTokens = maxTokens;
        this.tokens = tokens;
        this.summarizer = summarizer;
    }

    public synchronized void add(ChatMessage message) {
        messages.add(message);
        fit();
    }

    public synchronized void addAll(List<? extends ChatMessage> more) {
        messages.addAll(more);
        fit();
    }

    /** The summary (if any) as a system message, then the messages in the window. */
    public synchronized List<ChatMessage> messages() {
        List<ChatMessage> out = new ArrayList<>();
        if (!summary.isEmpty()) out.add(new ChatMessage.System("Summary of the earlier conversation: " + summary));
        out.addAll(messages);
        return out;
    }

    public synchronized String summary() {
        return summary;
    }

    /** Messages trimmed away without a summary. */
    public synchronized int dropped() {
        return dropped;
    }

    public synchronized int tokenCount() {
        int n = tokens.applyAsInt(summary);
        for (ChatMessage m : messages) n += count(m);
        return n;
    }

    private void fit() {
        while (tokenCount() > maxTokens) {
            int end = nextExchange();
            if (end <= 0) return; // only the newest exchange is left: it stays
            List<ChatMessage> old = new ArrayList<>(messages.subList(0, end));
            messages.subList(0, end).clear();
            if (summarizer != null) summary = summarize(old);
            else dropped += old.size();
        }
    }

    /** Index of the second user message (the end of the oldest exchange), or -1 if there is one exchange only. */
    private int nextExchange() {
        for (int i = 1; i < messages.size(); i++) if (messages.get(i) instanceof ChatMessage.User) return i;
        return -1;
    }

    private String summarize(List<ChatMessage> old) {
        StringBuilder text = new StringBuilder();
        if (!summary.isEmpty()) text.append("Summary so far: ").append(summary).append("\n\n");
        for (ChatMessage m : old) text.append(render(m)).append('\n');
        var request = ChatRequest.of(List.of(new ChatMessage.System("You summarize conversations. Keep facts, names, "
                + "numbers and decisions; drop pleasantries. Answer with the summary only, in at most five sentences."),
                new ChatMessage.User(text.toString())), List.of());
        String s = summarizer.chat(request).message().text().strip();
        // a summary that does not fit is itself cut, never allowed to grow without bound
        while (!s.isEmpty() && tokens.applyAsInt(s) > maxTokens / 2) s = s.substring(0, s.length() * 3 / 4);
        return s;
    }

    private int count(ChatMessage m) {
        return tokens.applyAsInt(render(m)) + 4;
    }

    static String render(ChatMessage m) {
        return switch (m) {
            case ChatMessage.System s -> "system: " + s.text();
            case ChatMessage.User u -> "user: " + u.text();
            case ChatMessage.Assistant a -> "assistant: " + a.text()
                    + (a.hasToolCalls() ? " [calls " + String.join(", ", a.toolCalls().stream().map(ToolCall::name).toList()) + "]" : "");
            case ChatMessage.ToolResult t -> "tool " + t.toolName() + ": " + t.content();
        };
    }
}
