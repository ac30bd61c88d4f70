package dev.cairn.cli;

import dev.cairn.embeddings.EmbeddingStats;
import dev.cairn.embeddings.OnnxEmbeddingService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cairn bench ...}: Cairn's own speed measurements (JMH benchmarks live in the bench module). With
 * {@code --model M.gguf} it measures the built-in LLM runtime as llama.cpp's llama-bench does (see {@link LlmBench});
 * {@code bench embed} measures embeddings.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Cairn's speed on this machine.",
                "With --model M.gguf: prefill (pp) and decode (tg) tokens/s of the built-in LLM runtime, like llama-bench "
                        + "-p N -n M; random token ids, a warm-up run first, then the mean and standard deviation over --repeat runs."},
        subcommands = {BenchCommand.Embed.class})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "M.gguf", description = "A GGUF model to benchmark the LLM runtime on.")
    Path model;

    @Option(names = {"-p", "--prompt-tokens"}, paramLabel = "N", defaultValue = "64",
            description = "Prompt tokens computed in one prefill (default: ${DEFAULT-VALUE}; 0: no prefill test).")
    int promptTokens;

    @Option(names = {"-n", "--gen-tokens"}, paramLabel = "N", defaultValue = "32",
            description = "Tokens decoded one at a time (default: ${DEFAULT-VALUE}; 0: no decode test).")
    int genTokens;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Compute threads (default: the cores).")
    Integer threads;

    @Option(names = {"-r", "--repeat"}, paramLabel = "N", defaultValue = "3", description = "Measured runs of each test (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--context", paramLabel = "N",
            description = "Size the sessions' KV cache for N tokens (default: the larger of the two tests) to see the resident set at that context.")
    Integer context;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (model == null) throw new CommandLine.ParameterException(spec.commandLine(), "missing benchmark: --model M.gguf (LLM) or embed");
        if (promptTokens < 0 || genTokens < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--prompt-tokens and --gen-tokens must not be negative");
        if (promptTokens == 0 && genTokens == 0) throw new CommandLine.ParameterException(spec.commandLine(), "nothing to measure: --prompt-tokens and --gen-tokens are both 0");
        if (repeat < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1");
        if (threads != null && threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        int needed = Math.max(promptTokens, genTokens);
        if (context != null && context < needed) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--context " + context + " is smaller than the " + needed + " tokens a test needs");
        }
        if (!Files.isRegularFile(model)) throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model + ": no such file");
        LlmBench.Result r = LlmBench.run(model, promptTokens, genTokens, threads, repeat, context == null ? needed : context);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? r.toJson() : r.toTable());
        out.flush();
        return 0;
    }

    /**
     * Embeds N texts once and reports embeddings per second. Time the whole process too ({@code /usr/bin/time} or
     * hyperfine) to compare with another runtime: the report's own time leaves out JVM start and model load.
     */
    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = {"Embed --count texts as passages and report embeddings/s.",
                    "Input: --input FILE (one text per line, or a SQuAD .json whose contexts are cut into pieces of "
                            + "100-900 characters); default: the SQuAD v2 dev set in ../shared."})
    static final class Embed implements Callable<Integer> {
        @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR", defaultValue = "bge-small-en-v1.5",
                description = "Built-in model name or model directory (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--count", paramLabel = "N", defaultValue = "1000", description = "Texts to embed (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Texts, one per line, or a SQuAD .json.")
        Path input;

        @Option(names = "--save-texts", paramLabel = "FILE", description = "Also write the texts used, one per line "
                + "(to run another runtime on the same input).")
        Path saveTexts;

        @Option(names = "--batch-size", paramLabel = "N", description = "Texts per model run.")
        Integer batchSize;

        @Option(names = "--batch-tokens", paramLabel = "N", description = "Padded tokens per model run.")
        Integer batchTokens;

        @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime intra-op threads (default: cores).")
        Integer threads;

        @Option(names = "--parallelism", paramLabel = "N", description = "Model runs at once (default: 1).")
        Integer parallelism;

        @Option(names = "--spinning", description = "Let ONNX Runtime's threads spin while they wait for work "
                + "(matters only with more than one thread per run).")
        boolean spinning;

        @Option(names = "--whole-model", description = "Run a CLS model's last layer on every token, not the first alone.")
        boolean wholeModel;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (count < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
            Path file = input != null ? input : BenchTexts.defaultInput();
            List<String> texts = BenchTexts.load(file, count);
            if (saveTexts != null) Files.write(saveTexts, texts, StandardCharsets.UTF_8);
            long start = System.nanoTime();
            var builder = OnnxEmbeddingService.builder().model(model).spinning(spinning).firstTokenOnly(!wholeModel);
            if (batchSize != null) builder.maxBatchSize(batchSize);
            if (batchTokens != null) builder.maxBatchTokens(batchTokens);
            if (threads != null) builder.threads(threads);
            if (parallelism != null) builder.parallelism(parallelism);
            PrintWriter out = spec.commandLine().getOut();
            try (OnnxEmbeddingService service = builder.build()) {
                long loaded = System.nanoTime();
                service.embedPassages(texts);
                long done = System.nanoTime();
                EmbeddingStats stats = service.stats();
                double seconds = (done - loaded) / 1e9;
                double chars = texts.stream().mapToInt(String::length).average().orElse(0);
                out.println(String.format(Locale.ROOT,
                        "bench embed: %s, %d texts from %s (avg %.0f chars, %.0f tokens): %.2f s, %.1f embeddings/s "
                                + "(model load %.2f s; %d batches, %.3f positions per token, %d truncated)",
                        service.modelName(), texts.size(), file.getFileName(), chars,
                        (double) stats.tokens() / stats.texts(), seconds, texts.size() / seconds,
                        (loaded - start) / 1e9, stats.batches(),
                        (double) stats.positions() / (stats.tokens() + 2L * stats.texts()), stats.truncated()));
            }
            out.flush();
            return 0;
        }
    }
}
