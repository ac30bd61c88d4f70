package dev.cairn.cli;

import dev.cairn.llm.Generation;
import dev.cairn.llm.GenerationRequest;
import dev.cairn.llm.Generator;
import dev.cairn.llm.KvCacheType;
import dev.cairn.llm.LlmException;
import dev.cairn.llm.Model;
import dev.cairn.llm.Warmup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code cairn generate --model M.gguf --prompt TEXT}: streams a continuation of TEXT (raw text, BOS as the file
 * says; {@code --chat}: TEXT as a user message in the model's chat template). Sampling defaults are llama.cpp's
 * (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05); {@code --temperature 0} is greedy. {@code --draft SMALL.gguf}
 * turns on speculative decoding (same output, fewer passes of the big model); {@code --kv-type} picks the KV cache's
 * precision.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate text with a GGUF model on the built-in runtime.",
                "Streams the text to stdout; --json prints {\"prompt_tokens\", \"tokens\", \"text\"} instead (--logits adds \"prompt_logits\")."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "A .gguf model.")
    Path model;

    @Option(names = {"-p", "--prompt"}, required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "256", description = "Most tokens to generate. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop before this text (repeatable).")
    List<String> stop = new ArrayList<>();

    @Option(names = "--best-of", paramLabel = "N", defaultValue = "1",
            description = "Generate N completions and print the one with the highest mean log-probability (not streamed).")
    int bestOf;

    @Option(names = "--chat", description = "Treat the prompt as a user message in the model's chat template.")
    boolean chat;

    @Option(names = "--json", description = "Print one JSON object: prompt_tokens, tokens, text.")
    boolean json;

    @Option(names = "--logits", description = "With --json: add prompt_logits, the logits after the last prompt token.")
    boolean logits;

    @Option(names = "--draft", paramLabel = "FILE",
            description = "A smaller .gguf of the same vocabulary that proposes tokens for the model to check (speculative decoding; same output).")
    Path draft;

    @Option(names = "--draft-tokens", paramLabel = "N", defaultValue = "4", description = "Tokens the draft proposes per pass. Default: ${DEFAULT-VALUE}.")
    int draftTokens;

    @Option(names = "--kv-type", paramLabel = "TYPE",
            description = "KV cache precision: f16 or f32. Default: f16 from " + KvCacheType.F16_FROM_CAPACITY + " tokens of context, f32 below.")
    String kvType;

    @Option(names = "--no-warmup",
            description = "Do not warm the kernels up on a tiny model while the prompt is prepared (the first tokens then run on"
                    + " kernels still being compiled; for measuring start-up).")
    boolean noWarmup;

    @CommandLine.Mixin
    SamplingOptions sampling;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The longest wait for the kernel warm-up before the prompt runs (it ends by itself within ~2 s). */
    private static final long WARMUP_WAIT_SECONDS = 3;

    @Override
    public Integer call() {
        if (logits && !json) throw new CommandLine.ParameterException(spec.commandLine(), "--logits needs --json");
        KvCacheType kv;
        try {
            kv = kvType == null ? null : KvCacheType.parse(kvType);
        } catch (LlmException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kv-type: " + e.getMessage());
        }
        if (draftTokens < 1 || draftTokens > 31) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--draft-tokens must be in 1..31, not " + draftTokens);
        }
        PrintWriter out = spec.commandLine().getOut();
        long open = System.nanoTime();
        try (Model m = Model.load(model); Model d = draft == null ? null : Model.load(draft)) {
            long loaded = System.nanoTime();
            // the JIT compiles the kernels on a tiny model while the tokenizer and the prompt are built
            Warmup warmup = noWarmup ? null : Warmup.start(m, kv != null ? kv : KvCacheType.defaultFor(Math.min(m.contextLength(), maxTokens + 1)));
            int[] tokens = chat ? m.chatPrompt(List.of(Map.of("role", "user", "content", prompt)), List.of()) : m.encode(prompt);
            long encoded = System.nanoTime();
            if (warmup != null) warmup.await(WARMUP_WAIT_SECONDS, TimeUnit.SECONDS);
            long warm = System.nanoTime();
            GenerationRequest request = GenerationRequest.of(tokens).withMaxTokens(maxTokens)
                    .withSampling(sampling.settings()).withStop(stop).withBestOf(bestOf);
            Generator generator = Generator.of(m).withKvCacheType(kv).withDraft(d, draftTokens);
            long[] firstText = {0};
            Generation g = generator.generate(request, piece -> {
                if (firstText[0] == 0) firstText[0] = System.nanoTime();
                if (json) return;
                out.print(piece);
                out.flush();
            });
            if (Logging.verbosity() > 0) {
                long prefill = g.usage().prefillNanos();
                spec.commandLine().getErr().printf("start-up: file open to first token's logits %.0f ms, to first text %s (load %.0f,"
                                + " tokenizer and prompt %.0f, waiting for the kernel warm-up %.0f (%d rounds in %.0f), prefill %.0f)%n",
                        (warm - open + prefill) / 1e6, firstText[0] == 0 ? "-" : String.format("%.0f ms", (firstText[0] - open) / 1e6),
                        (loaded - open) / 1e6, (encoded - loaded) / 1e6, (warm - encoded) / 1e6,
                        warmup == null ? 0 : warmup.rounds(), warmup == null ? 0 : warmup.nanos() / 1e6, prefill / 1e6);
            }
            if (json) {
                out.println(toJson(g));
            } else {
                out.println();
            }
            if (Logging.verbosity() > 0) spec.commandLine().getErr().println(usage(g));
        }
        out.flush();
        return 0;
    }

    private String toJson(Generation g) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode prompt = root.putArray("prompt_tokens");
        for (int t : g.promptTokens()) prompt.add(t);
        ArrayNode tokens = root.putArray("tokens");
        for (int t : g.tokens()) tokens.add(t);
        root.put("text", g.text());
        root.put("finish_reason", g.finishReason().name().toLowerCase());
        if (logits) {
            ArrayNode l = root.putArray("prompt_logits");
            for (float f : g.promptLogits()) l.add(f);
        }
        return mapper.writeValueAsString(root);
    }

    static String usage(Generation g) {
        Generation.Usage u = g.usage();
        return String.format("%d prompt tokens in %.1f ms (%.1f tok/s), %d generated in %.1f ms (%.1f tok/s), finish: %s",
                u.promptTokens(), u.prefillNanos() / 1e6, u.prefillTokensPerSecond(), u.generatedTokens(),
                u.decodeNanos() / 1e6, u.decodeTokensPerSecond(), g.finishReason().name().toLowerCase());
    }
}
