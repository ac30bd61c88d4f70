package dev.cairn.bench;

import dev.cairn.embeddings.OnnxEmbeddingService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Steady-state embedding throughput of bge-small-en-v1.5 under different batch and thread settings (model load
 * and JIT warm-up excluded; {@code cairn bench embed} and whole-process timing answer the end-to-end question).
 * One operation embeds 100 texts, so ops/s x 100 = embeddings/s. Input: -Dcairn.bench.texts=FILE (one text per
 * line, e.g. written by {@code cairn bench embed --save-texts FILE}).
 * <pre>
 * java -Dcairn.bench.texts=texts.txt -jar bench/target/benchmarks.jar EmbedBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class EmbedBench {
    private static final int TEXTS = 100;

    /** runs at once x threads per run / max padded tokens per batch [/whole: last layer on every token] */
    @Param({"2x1/512", "2x1/512/whole", "1x2/512", "2x1/8192", "1x2/8192"})
    public String setup;

    private OnnxEmbeddingService service;
    private List<String> texts;

    @Setup
    public void setUp() throws IOException {
        String file = System.getProperty("cairn.bench.texts");
        if (file == null) throw new IllegalStateException("set -Dcairn.bench.texts=FILE (one text per line)");
        texts = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream().limit(TEXTS).toList();
        String[] runsThreads = setup.split("/")[0].split("x");
        int runs = Integer.parseInt(runsThreads[0]);
        service = OnnxEmbeddingService.builder()
                .parallelism(runs)
                .threads(runs * Integer.parseInt(runsThreads[1]))
                .maxBatchTokens(Integer.parseInt(setup.split("/")[1]))
                .maxBatchSize(64)
                .firstTokenOnly(!setup.endsWith("/whole"))
                .build();
    }

    @Benchmark
    public List<float[]> embed() {
        return service.embedPassages(texts);
    }

    @TearDown
    public void tearDown() {
        service.close();
    }
}
