package dev.cairn.llm;

import dev.cairn.gguf.GgufFile;
import dev.cairn.tokenizers.Tokenizer;
import dev.cairn.tokenizers.Tokenizers;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A GGUF model loaded for inference: its hyperparameters and its weights, mapped from the file (never
 * copied to the heap). Open {@link Session}s to compute; close the model to unmap the file.
 *
 * <pre>{@code
 * try (Model model = Model.load(path)) {
 *     Generation g = model.generate(GenerationRequest.of(model.encode("Once upon a time")).withMaxTokens(64),
 *             System.out::print);
 *     Session s = model.newSession(512);           // or compute logits directly
 *     float[] logits = s.prompt(1, 403, 407);
 * }
 * }</pre>
 *
 * The tokenizer comes from the file's {@code tokenizer.ggml.*} metadata and the chat format from its
 * {@code tokenizer.chat_template} (both built on first use). Thread-safe: sessions and generations are independent.
 */
public final class Model implements AutoCloseable {
    private final GgufFile gguf;
    private final Config config;
    private final Weights weights;
    /** Holds the rearranged copies of repacked matrices ({@link Repacked}); closed with the model. */
    private final Arena arena;
    private final String name;
    private volatile Tokenizer tokenizer;
    private volatile ChatFormat chatFormat;
    private volatile BitSet stopTokens;

    /** Texts of special tokens that end a turn or a sequence, as llama.cpp's end-of-generation list. */
    private static final List<String> END_OF_TURN = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
            "<|endoftext|>", "<|eom_id|>", "<EOT>", "<|return|>", "<|call|>", "<｜end▁of▁sentence｜>", "<|end_of_text|>");

    private Model(GgufFile gguf, Config config, Weights weights, Arena arena) {
        this.gguf = gguf;
        this.arena = arena;
        this.config = config;
        this.weights = weights;
        this.name = gguf.metadata().findString("general.name").orElse(architecture());
    }

    /** Opens {@code path}; a {@link LlmException} names what the runtime cannot handle. */
    public static Model load(Path path) {
        GgufFile gguf = GgufFile.open(path);
        Arena arena = Arena.ofShared();
        try {
            Config config = Config.from(gguf.metadata());
            return new Model(gguf, config, Weights.load(gguf, config, arena), arena);
        } catch (RuntimeException e) {
            arena.close();
            gguf.close();
            throw e;
        }
    }

    /** The {@code general.architecture} of the model, e.g. {@code llama}. */
    public String architecture() {
        return config.architecture().key();
    }

    public int vocabularySize() {
        return weights.output().rows();
    }

    /** The context length the model was trained with. */
    public int contextLength() {
        return config.contextLength();
    }

    /** A new sequence that holds at most {@code capacity} tokens (its KV cache is sized for them). */
    public Session newSession(int capacity) {
        return newSession(capacity, KvCacheType.defaultFor(capacity));
    }

    /** A new sequence of at most {@code capacity} tokens whose KV cache stores keys and values as {@code type}. */
    public Session newSession(int capacity, KvCacheType type) {
        if (capacity <= 0) throw new LlmException("a session needs room for at least one token, not " + capacity);
        return new Session(config, weights, capacity, false, type);
    }

    /** A session computed by {@code forward}, shared with other sessions driven from one thread (batching). */
    Session newSession(int capacity, KvCacheType type, Forward forward) {
        if (capacity <= 0) throw new LlmException("a session needs room for at least one token, not " + capacity);
        return new Session(config, weights, capacity, false, type, forward);
    }

    /** A forward pass of up to {@code rows} tokens, for sessions that share it. */
    Forward newForward(int rows) {
        return new Forward(config, weights, rows, false);
    }

    /** A session whose activations are rounded before each matrix product as llama.cpp's CPU backend does (tests). */
    Session newSessionRoundingLikeLlamaCpp(int capacity) {
        return new Session(config, weights, capacity, true, KvCacheType.F32);
    }

    /** The GGUF file the model was read from (metadata for the tokenizer and chat template). */
    public GgufFile gguf() {
        return gguf;
    }

    /** The tokenizer the file describes. */
    public Tokenizer tokenizer() {
        Tokenizer t = tokenizer;
        if (t == null) {
            synchronized (this) {
                if (tokenizer == null) tokenizer = Tokenizers.fromGguf(gguf.metadata());
                t = tokenizer;
            }
        }
        return t;
    }

    /** {@code text} as a raw prompt: BOS first if {@code tokenizer.ggml.add_bos_token} says so, special tokens parsed. */
    public int[] encode(String text) {
        return tokenizer().encode(text, true, true);
    }

    /** The model's chat template, or the documented fallback. */
    public ChatFormat chatFormat() {
        ChatFormat f = chatFormat;
        if (f == null) {
            synchronized (this) {
                if (chatFormat == null) chatFormat = ChatFormat.of(gguf.metadata(), tokenizer(), name);
                f = chatFormat;
            }
        }
        return f;
    }

    /**
     * The tokens of a conversation rendered by {@link #chatFormat()} with the generation prompt added. BOS is added
     * when the file asks for it, unless the template already wrote it.
     */
    public int[] chatPrompt(List<? extends Map<String, ?>> messages, List<? extends Map<String, ?>> tools) {
        ChatFormat format = chatFormat();
        String text = format.render(messages, tools, true);
        Tokenizer t = tokenizer();
        int[] ids = t.encode(text, false, true);
        int bos = t.specialIds().bos();
        int[] special = t.addSpecialTokens(new int[0]);
        boolean addsBos = special.length > 0 && special[0] == bos;
        if (addsBos && (ids.length == 0 || ids[0] != bos)) {
            int[] withBos = new int[ids.length + 1];
            withBos[0] = bos;
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            return withBos;
        }
        return ids;
    }

    /**
     * Whether {@code token} ends generation: the end-of-sequence, end-of-turn ({@code tokenizer.ggml.eot_token_id},
     * {@code eom_token_id}) or a token written like one ({@code <|im_end|>}, {@code <end_of_turn>}, ...).
     */
    public boolean isStopToken(int token) {
        if (stopTokens == null) {
            BitSet s = new BitSet();
            Tokenizer t = tokenizer();
            if (t.specialIds().eos() >= 0) s.set(t.specialIds().eos());
            for (String key : List.of("tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id")) {
                gguf.metadata().findLong(key).ifPresent(id -> { if (id >= 0 && id < t.vocabSize()) s.set((int) (long) id); });
            }
            for (String text : END_OF_TURN) {
                int id = t.tokenId(text);
                if (id >= 0) s.set(id); // whatever its type, as llama.cpp (which warns and makes it a control token)
            }
            stopTokens = s;
        }
        return stopTokens.get(token);
    }

    /**
     * Generates a continuation of the request's prompt, passing each piece of text to {@code listener} as soon as
     * it is whole (UTF-8 characters and possible stop strings are held back until decided). Sessions are sized for
     * the prompt plus {@code maxTokens}, at most the model's context; generation ends with
     * {@link Generation.FinishReason#LENGTH} when the context is full.
     *
     * @throws LlmException when the prompt does not fit the context (no sliding: shorten the prompt)
     */
    public Generation generate(GenerationRequest request, Consumer<String> listener) {
        return Generator.of(this).generate(request, listener);
    }

    Config config() {
        return config;
    }

    @Override
    public void close() {
        arena.close();
        gguf.close();
    }
}
