package dev.cairn.cli;

import dev.cairn.llm.Quantizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code cairn quantize IN.gguf OUT.gguf TYPE}: every weight matrix of an F32/F16/BF16 model in TYPE, norms and
 * biases F32, encoded as ggml's reference quantizers do (the bytes of {@code llama-quantize --pure}).
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Quantize a GGUF model's weight matrices (as llama-quantize --pure; norms and biases stay F32).",
                "TYPE: " + Quantizer.SUPPORTED + "."})
final class QuantizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "An F32, F16 or BF16 .gguf model.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The .gguf file to write.")
    Path out;

    @Parameters(index = "2", paramLabel = "TYPE", description = "The tensor type.")
    String type;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var target = Quantizer.type(type);
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("OUT must differ from IN");
        }
        long start = System.nanoTime();
        Quantizer.quantize(in, out, target);
        spec.commandLine().getErr().printf("cairn quantize: wrote %s (%s, %.1f MB) in %.1f s%n", out, target,
                Files.size(out) / 1e6, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
