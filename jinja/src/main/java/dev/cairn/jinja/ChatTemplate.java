package dev.cairn.jinja;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled chat template (a GGUF's {@code tokenizer.chat_template}, a {@code chat_template.jinja}) that renders
 * exactly as Python's Jinja2 does under Hugging Face's {@code apply_chat_template}: sandboxed, {@code trim_blocks}
 * and {@code lstrip_blocks}, {@code break}/{@code continue}, Python's {@code json.dumps} for {@code tojson}, and the
 * globals {@code raise_exception(msg)} and {@code strftime_now(format)}.
 *
 * <pre>{@code
 * String prompt = ChatTemplate.compile(source).render(Map.of(
 *         "messages", messages, "add_generation_prompt", true, "bos_token", "<s>", "eos_token", "</s>"));
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 */
public final class ChatTemplate {
    private final List<Stmt> body;
    private final Clock clock;

    private ChatTemplate(List<Stmt> body, Clock clock) {
        this.body = body;
        this.clock = clock;
    }

    /** Parses a template. @throws TemplateException of kind SYNTAX when it is not valid Jinja */
    public static ChatTemplate compile(String source) {
        return new ChatTemplate(Parser.parse(Objects.requireNonNull(source, "source")), Clock.systemDefaultZone());
    }

    /** This template with {@code strftime_now} reading the given clock (in its zone) instead of the system's. */
    public ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(body, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Renders with the given variables, typically {@code messages}, {@code tools}, {@code add_generation_prompt},
     * {@code bos_token} and {@code eos_token}. Values are plain Java as a JSON parser gives them: {@code Map},
     * {@code List}, {@code String}, {@code Number}, {@code Boolean} and null. A variable left out is undefined in the
     * template, which differs from null ({@code none}): leave {@code tools} out when there are none, as the reference
     * renderings do, since templates test {@code tools is defined}.
     *
     * @throws TemplateException when the template raises an error, including its own {@code raise_exception}
     */
    public String render(Map<String, ?> context) {
        Scope root = new Scope(Globals.create(clock));
        context.forEach((name, value) -> root.set(name, JavaValues.convert(value)));
        StringBuilder out = new StringBuilder();
        try {
            new Renderer().render(body, root, out);
        } catch (StackOverflowError e) {
            throw new TemplateException(TemplateException.Kind.RUNTIME, "maximum recursion depth exceeded", 0, 0);
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateException(TemplateException.Kind.RUNTIME, "internal error: " + e, e);
        }
        return out.toString();
    }
}
