package dev.cairn.llm.tools;

import dev.cairn.llm.Cancellation;
import dev.cairn.llm.Generation;
import dev.cairn.llm.LlmException;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.cairn.llm.Session;
import dev.cairn.llm.TokenStreamDecoder;
import dev.cairn.tokenizers.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chat with tools on the built-in runtime. Tools ({@code {"type": "function", "function": {"name", "description",
 * "parameters"}}}, as Hugging Face passes them) are rendered by the model's own chat template; a template that
 * does not render tools gets them described in a system message in the Hermes format. The reply is parsed for
 * tool calls in the family's {@link ToolCallFormat}.
 *
 * <p>With {@link Options#forceToolCall()} the reply is a tool call by construction: the format's opening is
 * appended to the prompt and every sampled token is masked to those that keep the text a prefix of a call
 * naming one of the tools with arguments that match its JSON Schema ({@link SchemaMatcher} over the tokens'
 * bytes), so even a tiny model emits a call that parses and validates.
 *
 * <p>Special tokens the model writes (e.g. {@code [TOOL_CALLS]}) are kept in the reply text, since they carry
 * the call; stop tokens end it.
 */
public final class ToolChat {
    /**
     * @param maxTokens     most tokens to generate
     * @param sampling      the sampler's settings
     * @param forceToolCall decode under the tool-call grammar (ignored without tools)
     * @param cancellation  checked before every token
     */
    public record Options(int maxTokens, Sampler.Settings sampling, boolean forceToolCall, Cancellation cancellation) {
        public Options {
            if (maxTokens < 1) throw new LlmException("max tokens must be >= 1, not " + maxTokens);
        }

        public static Options defaults() {
            return new Options(512, Sampler.Settings.greedy(), false, new Cancellation());
        }

        public Options withForceToolCall(boolean force) {
            return new Options(maxTokens, sampling, force, cancellation);
        }

        public Options withMaxTokens(int maxTokens) {
            return new Options(maxTokens, sampling, forceToolCall, cancellation);
        }

        public Options withSampling(Sampler.Settings sampling) {
            return new Options(maxTokens, sampling, forceToolCall, cancellation);
        }
    }

    /** The reply's raw text (tool-call markup included), what it parses to, and its cost. */
    public record Reply(String text, ParsedReply parsed, Generation.FinishReason finishReason, int promptTokens,
                        int generatedTokens) {
    }

    private final Model model;
    private final ToolCallFormat format;
    private final boolean rendersTools;
    private final SchemaMatcher.Bounds bounds;
    private volatile TokenIndex tokenIndex;

    public ToolChat(Model model) {
        this(model, SchemaMatcher.Bounds.DEFAULT);
    }

    ToolChat(Model model, SchemaMatcher.Bounds bounds) {
        this.model = model;
        String source = model.chatFormat().source();
        this.format = ToolCallFormat.detect(source);
        this.rendersTools = !model.chatFormat().isFallback() && ToolCallFormat.rendersTools(source);
        this.bounds = bounds;
    }

    public ToolCallFormat format() {
        return format;
    }

    /** The prompt tokens for {@code messages} and {@code tools}, tools described in a system message if the template cannot. */
    public int[] prompt(List<? extends Map<String, ?>> messages, List<? extends Map<String, ?>> tools) {
        if (tools.isEmpty() || rendersTools) return model.chatPrompt(messages, tools);
        List<Map<String, ?>> withTools = new ArrayList<>();
        String description = describe(tools);
        if (!messages.isEmpty() && "system".equals(messages.getFirst().get("role"))) {
            Map<String, Object> system = new LinkedHashMap<>(messages.getFirst());
            system.put("content", system.get("content") + "\n\n" + description);
            withTools.add(system);
            withTools.addAll(messages.subList(1, messages.size()));
        } else {
            withTools.add(Map.of("role", "system", "content", description));
            withTools.addAll(messages);
        }
        return model.chatPrompt(withTools, List.of());
    }

    /** The Hermes-style tool description for templates without tool support. */
    static String describe(List<? extends Map<String, ?>> tools) {
        StringBuilder s = new StringBuilder("You may call functions. Their signatures are within <tools></tools>:\n<tools>\n");
        for (Map<String, ?> tool : tools) s.append(ToolJson.write(tool)).append('\n');
        return s.append("</tools>\nTo call one, reply with <tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>")
                .toString();
    }

    /** Generates a reply to {@code messages}, streaming its text to {@code listener}, and parses it. */
    public Reply generate(List<? extends Map<String, ?>> messages, List<? extends Map<String, ?>> tools, Options options,
                          Consumer<String> listener) {
        int[] prompt = prompt(messages, tools);
        boolean constrained = options.forceToolCall() && !tools.isEmpty();
        ToolCallFormat effective = rendersTools ? format : ToolCallFormat.HERMES;
        SchemaMatcher.Stack state = null;
        if (constrained) {
            int[] opening = model.tokenizer().encode(effective.prefix, false, true);
            prompt = concat(prompt, opening);
            listener.accept(effective.prefix);
            state = new SchemaMatcher(bounds).start(effective.grammar(new SchemaMatcher(bounds), parameters(tools)));
        }
        if (prompt.length >= model.contextLength()) {
            throw new LlmException("the prompt has " + prompt.length + " tokens; the model's context holds "
                    + model.contextLength() + ": shorten the conversation");
        }
        int capacity = (int) Math.min(model.contextLength(), (long) prompt.length + options.maxTokens());
        Session session = model.newSession(capacity);
        float[] logits = session.prompt(prompt);
        Sampler sampler = new Sampler(options.sampling());
        for (int t : prompt) sampler.accept(t);
        Tokenizer tokenizer = model.tokenizer();
        TokenStreamDecoder decoder = new TokenStreamDecoder(tokenizer);
        StringBuilder text = new StringBuilder(constrained ? effective.prefix : "");
        Generation.FinishReason finish = Generation.FinishReason.LENGTH;
        int generated = 0;
        while (generated < options.maxTokens()) {
            if (options.cancellation().isCancelled()) {
                finish = Generation.FinishReason.CANCELLED;
                break;
            }
            int token;
            if (constrained) {
                float[] masked = index().mask(logits, state);
                token = sampler.sample(masked);
                state = SchemaMatcher.step(state, tokenizer.tokenBytes(token));
            } else {
                token = sampler.sample(logits);
            }
            generated++;
            if (!constrained && model.isStopToken(token)) {
                finish = Generation.FinishReason.STOP;
                break;
            }
            sampler.accept(token);
            String piece = tokenizer.isSpecial(token) ? decoder.flush() + tokenizer.piece(token) : decoder.append(token);
            text.append(piece);
            if (!piece.isEmpty()) listener.accept(piece);
            if (constrained && SchemaMatcher.accepting(state)) {
                finish = Generation.FinishReason.STOP;
                break;
            }
            if (session.position() == session.capacity()) break;
            logits = session.next(token);
        }
        String rest = decoder.flush();
        text.append(rest);
        if (!rest.isEmpty()) listener.accept(rest);
        if (constrained) {
            if (!SchemaMatcher.accepting(state)) {
                throw new LlmException("the constrained tool call did not finish within " + options.maxTokens()
                        + " tokens: raise max tokens");
            }
            text.append(effective.suffix);
            if (!effective.suffix.isEmpty()) listener.accept(effective.suffix);
        }
        String reply = text.toString();
        return new Reply(reply, effective.parse(reply), finish, prompt.length, generated);
    }

    private static Map<String, Map<String, ?>> parameters(List<? extends Map<String, ?>> tools) {
        Map<String, Map<String, ?>> out = new LinkedHashMap<>();
        for (Map<String, ?> tool : tools) {
            Object f = tool.get("function");
            Map<String, ?> function = f instanceof Map<?, ?> m ? SchemaMatcher.cast(m) : tool;
            if (!(function.get("name") instanceof String name)) throw new LlmException("a tool without a name: " + ToolJson.write(tool));
            Object p = function.get("parameters");
            out.put(name, p instanceof Map<?, ?> m ? SchemaMatcher.cast(m) : Map.of("type", "object"));
        }
        return out;
    }

    private TokenIndex index() {
        TokenIndex i = tokenIndex;
        if (i == null) tokenIndex = i = new TokenIndex(model.tokenizer());
        return i;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
