package dev.cairn.cli;

import dev.cairn.llm.Synth;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code cairn synth --preset NAME --type TYPE [--vocab VOCAB.gguf] [--seed N] OUT.gguf}: a deterministic
 * random-weight model of a real architecture's shape, for benchmarks without downloads.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Write a random-weight GGUF model with a real architecture's shapes (for benchmarks).",
                "Without --vocab the file has no tokenizer (token ids only: cairn bench runs on it, llama.cpp's "
                        + "llama-bench needs a vocabulary, e.g. ../shared/fixtures/tokenizers/ggml-vocab-llama3.gguf "
                        + "for the llama presets)."})
final class SynthCommand implements Callable<Integer> {
    @Option(names = "--preset", required = true, paramLabel = "NAME",
            description = "Model shape: ${COMPLETION-CANDIDATES}.", completionCandidates = Presets.class)
    String preset;

    @Option(names = "--type", defaultValue = "Q8_0", paramLabel = "TYPE",
            description = "Type of every weight matrix: " + Synth.TYPES + " (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--vocab", paramLabel = "VOCAB.gguf", description = "Copy the tokenizer from this GGUF (its token count must match the preset).")
    Path vocab;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Parameters(index = "0", paramLabel = "OUT.gguf", description = "The file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class Presets implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Synth.PRESETS.stream().map(Synth.Preset::name).iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        Synth.Preset p = Synth.preset(preset);
        var t = Synth.type(type);
        if (vocab != null && !Files.isRegularFile(vocab)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--vocab " + vocab + ": no such file");
        }
        long start = System.nanoTime();
        Synth.write(p, t, vocab, seed, out);
        spec.commandLine().getErr().printf("cairn synth: wrote %s (%s, %s, %.1f MB) in %.1f s%n", out, Synth.describe(p), t,
                Files.size(out) / 1e6, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
