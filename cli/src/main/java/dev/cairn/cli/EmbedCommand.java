package dev.cairn.cli;

import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.embeddings.OnnxEmbeddingService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cairn embed}: texts in (one per line), vectors out (one JSON array per line, in order). Input is read and
 * embedded in batches, so it can be a pipe of any length.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed texts read from stdin, one per line; print one JSON array of floats per line, in order.",
                "An empty line is embedded as an empty text (the model's special tokens alone)."})
final class EmbedCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR", defaultValue = "bge-small-en-v1.5",
            description = "A built-in model (bge-small-en-v1.5, all-minilm-l6-v2-q) or a directory with model.onnx "
                    + "and tokenizer.json. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--jsonl", description = "Each input line is a JSON string or an object {\"text\": ...}.")
    boolean jsonl;

    @Option(names = "--query", description = "Embed the texts as search queries (with the model's query prefix, "
            + "e.g. bge's retrieval instruction); default: as passages.")
    boolean query;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read this file instead of stdin.")
    Path input;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "256",
            description = "Lines read and embedded at a time (default: ${DEFAULT-VALUE}).")
    int batch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1");
        PrintWriter out = spec.commandLine().getOut();
        try (EmbeddingService service = OnnxEmbeddingService.load(model);
             BufferedReader reader = open()) {
            List<String> pending = new ArrayList<>(batch);
            String source = input == null ? "stdin" : input.toString();
            int lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String text;
                try {
                    text = jsonl ? textOf(line, source, lineNumber) : line;
                } catch (IllegalArgumentException e) {
                    write(service, pending, out); // everything before the bad line still comes out
                    throw e;
                }
                pending.add(text);
                if (pending.size() == batch) write(service, pending, out);
            }
            write(service, pending, out);
            if (Logging.verbosity() > 0) spec.commandLine().getErr().println("cairn embed: " + service.stats());
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read " + (input == null ? "stdin" : input) + ": "
                    + e.getCause().getMessage(), e);
        }
        return 0;
    }

    private BufferedReader open() throws IOException {
        if (input == null) {
            InputStream in = System.in; // looked up now, so tests can replace it
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(input, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(input + ": no such file");
        }
    }

    private void write(EmbeddingService service, List<String> texts, PrintWriter out) {
        if (texts.isEmpty()) return;
        List<float[]> vectors = query ? service.embedQueries(texts) : service.embedPassages(texts);
        for (float[] v : vectors) out.println(JSON.writeValueAsString(v));
        out.flush();
        texts.clear();
    }

    /** The text of one --jsonl line: a JSON string, or an object with a string field "text". */
    static String textOf(String line, String source, int lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " line " + lineNumber + ": not valid JSON ("
                    + e.getOriginalMessage() + "); with --jsonl each line must be a JSON string or {\"text\": ...}");
        }
        if (node != null && node.isString()) return node.asString();
        if (node != null && node.isObject() && node.path("text").isString()) return node.get("text").asString();
        throw new IllegalArgumentException(source + " line " + lineNumber + ": expected a JSON string or an object "
                + "with a string field \"text\", got " + (line.isBlank() ? "an empty line" : abbreviate(line)));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
