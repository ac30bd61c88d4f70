package dev.cairn.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.output.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The baseline for {@code cairn bench embed}: LangChain4j's in-process embedding model embeds the same texts the way
 * a LangChain4j user would ({@code embedAll}, its default executor of one thread per core). Time the whole process:
 * <pre>
 * java -cp 'bench/target/benchmarks.jar:bench/target/lib/*' dev.cairn.bench.LangChain4jEmbedBaseline TEXTS [COUNT] [MODEL]
 * </pre>
 * TEXTS has one text per line (write it with {@code cairn bench embed --save-texts}); MODEL is bge-small-en-v1.5
 * (default) or all-minilm-l6-v2-q.
 */
public final class LangChain4jEmbedBaseline {
    private LangChain4jEmbedBaseline() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: LangChain4jEmbedBaseline TEXTS [COUNT] [bge-small-en-v1.5|all-minilm-l6-v2-q]");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : lines.size();
        String name = args.length > 2 ? args[2] : "bge-small-en-v1.5";
        List<TextSegment> segments = lines.stream().limit(count).map(TextSegment::from).toList();

        long start = System.nanoTime();
        EmbeddingModel model = switch (name) {
            case "bge-small-en-v1.5" -> new BgeSmallEnV15EmbeddingModel();
            case "all-minilm-l6-v2-q" -> new AllMiniLmL6V2QuantizedEmbeddingModel();
            default -> throw new IllegalArgumentException("unknown model " + name);
        };
        model.embed("warm up: load the model"); // the model loads lazily, in a static initializer
        long loaded = System.nanoTime();
        Response<?> response = model.embedAll(segments);
        long done = System.nanoTime();
        double seconds = (done - loaded) / 1e9;
        System.out.println(String.format(Locale.ROOT,
                "LangChain4j baseline: %s, %d texts: %.2f s, %.1f embeddings/s (model load %.2f s; %s)",
                name, segments.size(), seconds, segments.size() / seconds, (loaded - start) / 1e9, response.tokenUsage()));
        System.exit(0); // LangChain4j's executor threads linger for a second otherwise
    }
}
