package dev.cairn.llm;

import dev.cairn.gguf.GgufMetadata;
import dev.cairn.jinja.ChatTemplate;
import dev.cairn.tokenizers.Tokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model wants a conversation written: its own {@code tokenizer.chat_template}, rendered by the Jinja
 * interpreter with the variables Hugging Face's {@code apply_chat_template} passes ({@code messages},
 * {@code tools} when there are any, {@code add_generation_prompt}, {@code bos_token} and {@code eos_token} as
 * the vocabulary writes them). A file without a template gets {@link #FALLBACK}, a minimal ChatML
 * ({@code <|im_start|>role\ncontent<|im_end|>\n}), with a warning: the model was not trained on it, so
 * expect poor answers.
 */
public final class ChatFormat {
    private static final Logger log = LoggerFactory.getLogger(ChatFormat.class);

    /** The template used when a model has none: ChatML, as Hugging Face's former default. */
    public static final String FALLBACK = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private final String source;
    private final boolean fallback;
    private final ChatTemplate template;
    private final String bosToken, eosToken;

    private ChatFormat(String source, boolean fallback, String bosToken, String eosToken) {
        this.source = source;
        this.fallback = fallback;
        this.template = ChatTemplate.compile(source);
        this.bosToken = bosToken;
        this.eosToken = eosToken;
    }

    static ChatFormat of(GgufMetadata metadata, Tokenizer tokenizer, String modelName) {
        Tokenizer.SpecialIds ids = tokenizer.specialIds();
        String bos = ids.bos() >= 0 ? tokenizer.piece(ids.bos()) : "";
        String eos = ids.eos() >= 0 ? tokenizer.piece(ids.eos()) : "";
        var source = metadata.findString("tokenizer.chat_template");
        if (source.isPresent()) return new ChatFormat(source.get(), false, bos, eos);
        log.warn("{} has no tokenizer.chat_template; chats use a minimal ChatML format the model may not know", modelName);
        return new ChatFormat(FALLBACK, true, bos, eos);
    }

    /** The template's Jinja source. */
    public String source() {
        return source;
    }

    /** Whether the model had no template and {@link #FALLBACK} is used. */
    public boolean isFallback() {
        return fallback;
    }

    /** The BOS token's text ("" when the vocabulary has none). */
    public String bosToken() {
        return bosToken;
    }

    public String eosToken() {
        return eosToken;
    }

    /**
     * The prompt for {@code messages} (maps with {@code role}, {@code content} and whatever else the template
     * reads, e.g. {@code tool_calls}); {@code tools} may be empty.
     *
     * @throws dev.cairn.jinja.TemplateException when the template rejects the conversation
     */
    public String render(List<? extends Map<String, ?>> messages, List<? extends Map<String, ?>> tools, boolean addGenerationPrompt) {
        Map<String, Object> context = new HashMap<>();
        context.put("messages", messages);
        if (!tools.isEmpty()) context.put("tools", tools);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        return render(context);
    }

    /** Renders with exactly the given variables. */
    public String render(Map<String, ?> context) {
        return template.render(context);
    }
}
