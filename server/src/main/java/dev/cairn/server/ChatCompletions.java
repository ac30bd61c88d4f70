package dev.cairn.server;

import com.sun.net.httpserver.HttpExchange;
import dev.cairn.llm.Cancellation;
import dev.cairn.server.openai.ApiError;
import dev.cairn.server.openai.ChatCompletion;
import dev.cairn.server.openai.ChatCompletionRequest;
import dev.cairn.server.openai.ChatMessage;
import dev.cairn.server.openai.Completion;
import dev.cairn.server.openai.CompletionRequest;
import dev.cairn.server.openai.Tool;
import dev.cairn.server.openai.ToolCall;
import dev.cairn.server.openai.Usage;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}, whole or streamed as server-sent events
 * ending with {@code data: [DONE]}. When tools are offered and the reply starts like a tool call ({@code <} or
 * {@code {}), its text is held back until it is whole, so a call is sent as {@code tool_calls}, never as text.
 * An error after the stream started is sent as one {@code data: {"error": ...}} event.
 */
final class ChatCompletions {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ModelBackend backend;
    private final GenerationGate gate;
    private final long maxBodyBytes;

    ChatCompletions(ModelBackend backend, GenerationGate gate, long maxBodyBytes) {
        this.backend = backend;
        this.gate = gate;
        this.maxBodyBytes = maxBodyBytes;
    }

    void chat(HttpExchange exchange) throws IOException {
        ChatCompletionRequest req = Exchanges.readJson(exchange, maxBodyBytes, ChatCompletionRequest.class).validated();
        Cancellation cancellation = new Cancellation();
        List<Tool> tools = req.offeredTools();
        var job = new GenerationJob(messages(req.messages()), toolMaps(tools), null, req.tokenLimit(), req.temperature(),
                req.topP(), req.seed(), req.presencePenalty(), req.frequencyPenalty(), req.stopStrings(), cancellation);
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        String model = backend.modelId();
        try (GenerationGate.Ticket ticket = gate.enter(cancellation)) {
            if (!req.streaming()) {
                ticket.awaitSlot();
                ModelBackend.Reply r = backend.chat(job, piece -> {});
                String content = r.text().isEmpty() && !r.toolCalls().isEmpty() ? null : r.text();
                Exchanges.sendJson(exchange, 200, ChatCompletion.of(id, created, model,
                        ChatMessage.assistant(content, r.toolCalls()), finish(r), Usage.of(r.promptTokens(), r.completionTokens())));
                return;
            }
            SseStream sse = new SseStream(exchange, cancellation);
            try {
                sse.send(ChatCompletion.Chunk.of(id, created, model, new ChatCompletion.Delta("assistant", "", null), null));
                ticket.awaitSlot();
                var pieces = new HeldBack(!tools.isEmpty(),
                        text -> sse.send(ChatCompletion.Chunk.of(id, created, model, new ChatCompletion.Delta(null, text, null), null)));
                ModelBackend.Reply r = backend.chat(job, pieces);
                if (r.toolCalls().isEmpty()) {
                    pieces.flush();
                } else {
                    if (!r.text().isEmpty()) pieces.flushText(r.text());
                    var calls = new ArrayList<ToolCall>();
                    for (int i = 0; i < r.toolCalls().size(); i++) calls.add(r.toolCalls().get(i).withIndex(i));
                    sse.send(ChatCompletion.Chunk.of(id, created, model, new ChatCompletion.Delta(null, null, calls), null));
                }
                sse.send(ChatCompletion.Chunk.of(id, created, model, new ChatCompletion.Delta(null, null, null), finish(r)));
                if (req.includeUsage()) sse.send(ChatCompletion.Chunk.usage(id, created, model, Usage.of(r.promptTokens(), r.completionTokens())));
                sse.send("[DONE]");
            } catch (ServerException e) {
                sse.send(ApiError.of(e.getMessage(), e.type(), e.param(), e.code()));
            } finally {
                sse.close();
            }
        }
    }

    void complete(HttpExchange exchange) throws IOException {
        CompletionRequest req = Exchanges.readJson(exchange, maxBodyBytes, CompletionRequest.class).validated();
        Cancellation cancellation = new Cancellation();
        var job = new GenerationJob(null, List.of(), req.promptText(), req.tokenLimit(), req.temperature(), req.topP(),
                req.seed(), null, null, req.stopStrings(), cancellation);
        String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        String model = backend.modelId();
        String echo = Boolean.TRUE.equals(req.echo()) ? req.promptText() : "";
        try (GenerationGate.Ticket ticket = gate.enter(cancellation)) {
            if (!req.streaming()) {
                ticket.awaitSlot();
                ModelBackend.Reply r = backend.complete(job, piece -> {});
                Exchanges.sendJson(exchange, 200, Completion.of(id, created, model, echo + r.text(), finish(r),
                        Usage.of(r.promptTokens(), r.completionTokens())));
                return;
            }
            SseStream sse = new SseStream(exchange, cancellation);
            try {
                ticket.awaitSlot();
                if (!echo.isEmpty()) sse.send(Completion.of(id, created, model, echo, null, null));
                ModelBackend.Reply r = backend.complete(job, text -> sse.send(Completion.of(id, created, model, text, null, null)));
                sse.send(Completion.of(id, created, model, "", finish(r), null));
                if (req.includeUsage()) sse.send(new Completion(id, "text_completion", created, model, List.of(),
                        Usage.of(r.promptTokens(), r.completionTokens())));
                sse.send("[DONE]");
            } catch (ServerException e) {
                sse.send(ApiError.of(e.getMessage(), e.type(), e.param(), e.code()));
            } finally {
                sse.close();
            }
        }
    }

    /** OpenAI has no "cancelled": a generation cut short by shutdown reports {@code length}. */
    private static String finish(ModelBackend.Reply r) {
        return r.finishReason().equals("cancelled") ? "length" : r.finishReason();
    }

    /** Messages as chat templates read them: role, content text, and tool calls with their arguments as objects. */
    static List<Map<String, Object>> messages(List<ChatMessage> in) {
        var out = new ArrayList<Map<String, Object>>();
        for (ChatMessage m : in) {
            var map = new LinkedHashMap<String, Object>();
            map.put("role", m.role().equals("developer") ? "system" : m.role());
            map.put("content", m.text());
            if (m.name() != null) map.put("name", m.name());
            if (m.toolCallId() != null) map.put("tool_call_id", m.toolCallId());
            if (m.toolCalls() != null && !m.toolCalls().isEmpty()) {
                var calls = new ArrayList<Map<String, Object>>();
                for (ToolCall c : m.toolCalls()) {
                    var fn = new LinkedHashMap<String, Object>();
                    String name = c.function() == null ? "" : c.function().name();
                    String args = c.function() == null || c.function().arguments() == null ? "{}" : c.function().arguments();
                    fn.put("name", name);
                    fn.put("arguments", arguments(args));
                    calls.add(Map.of("id", c.id() == null ? "" : c.id(), "type", "function", "function", fn));
                }
                map.put("tool_calls", calls);
            }
            out.add(map);
        }
        return out;
    }

    private static Object arguments(String json) {
        try {
            return Exchanges.JSON.readValue(json, MAP);
        } catch (JacksonException e) {
            return json; // templates print it as it came
        }
    }

    private static List<Map<String, Object>> toolMaps(List<Tool> tools) {
        var out = new ArrayList<Map<String, Object>>();
        for (Tool t : tools) out.add(Exchanges.JSON.convertValue(t, MAP));
        return out;
    }

    /**
     * Passes text on as it comes, except when tools are offered and the reply's first visible character is
     * {@code <}, {@code {} or {@code [}: then it holds everything, and the caller sends the text left once the tool
     * calls are parsed out.
     */
    private static final class HeldBack implements Consumer<String> {
        private final boolean mayCallTools;
        private final Consumer<String> out;
        private final StringBuilder held = new StringBuilder();
        private Boolean holding; // null: undecided

        HeldBack(boolean mayCallTools, Consumer<String> out) {
            this.mayCallTools = mayCallTools;
            this.out = out;
            this.holding = mayCallTools ? null : false;
        }

        @Override
        public synchronized void accept(String piece) {
            if (Boolean.FALSE.equals(holding)) {
                out.accept(piece);
                return;
            }
            held.append(piece);
            String visible = held.toString().stripLeading();
            if (visible.isEmpty()) return;
            char c = visible.charAt(0);
            holding = c == '<' || c == '{' || c == '[';
            if (!holding) flush();
        }

        /** Sends what is held (the reply had no tool call). */
        synchronized void flush() {
            if (!held.isEmpty()) out.accept(held.toString());
            held.setLength(0);
            holding = false;
        }

        /**
         * Drops what is held and sends {@code text} instead (the reply with its tool calls removed); when nothing
         * was held, the text has been sent already.
         */
        synchronized void flushText(String text) {
            boolean wasHeld = !held.isEmpty();
            held.setLength(0);
            holding = false;
            if (wasHeld && mayCallTools) out.accept(text);
        }
    }
}
