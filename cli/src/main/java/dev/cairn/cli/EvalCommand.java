package dev.cairn.cli;

import dev.cairn.rag.SearchMode;
import dev.cairn.rag.eval.Evaluation;
import dev.cairn.rag.eval.QaCase;
import dev.cairn.rag.eval.RetrievalMetrics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cairn eval --index DIR --qa FILE.jsonl}: measures retrieval on questions with known answers. Each line is
 * {@code {"question": "...", "relevant": ["path-suffix", ...]}}; a passage is relevant when its source path ends
 * with one of the suffixes, and a question counts once, at the rank of its first relevant passage.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure retrieval on a QA set: hit@1, hit@3, hit@5, hit@10, MRR@10, nDCG@10 and mean latency.",
                "FILE.jsonl has one {\"question\": \"...\", \"relevant\": [\"path-suffix\", ...]} per line."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--index", required = true, paramLabel = "DIR", description = "The index folder.")
    Path index;

    @Option(names = "--qa", required = true, paramLabel = "FILE", description = "The questions, one JSON object per line.")
    Path qa;


    @Option(names = {"-k", "--k"}, paramLabel = "N", defaultValue = "10", description = "Passages retrieved per question. Default: ${DEFAULT-VALUE}.")
    int k;

    @CommandLine.Mixin
    RetrievalOptions retrieval;

    @CommandLine.Mixin
    EmbeddingModelOption.WithModelAlias embedding;

    @Option(names = "--misses", description = "Also list the questions whose answer was not in the top k.")
    boolean misses;

    @Option(names = "--json", description = "Print {hit@1, hit@3, hit@5, hit@10, mrr@10, ndcg@10, latency_ms, queries}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (k < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--k must be at least 1");
        SearchMode m = retrieval.searchMode();
        List<QaCase> cases = read(qa);
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Evaluation e;
        try (IndexSession s = IndexSession.forReading(index, embedding.name)) {
            s.index.search(dev.cairn.rag.SearchRequest.of("warm up", 1), m, retrieval.perDocument); // first query pays for class loading
            e = Evaluation.run(s.index.retriever(m, retrieval.perDocument), cases, k);
        }
        RetrievalMetrics r = e.metrics();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(toJson(r)));
        } else {
            out.printf(Locale.ROOT, "%d questions, %s, top %d%n", r.queries(), m.name().toLowerCase(Locale.ROOT), k);
            out.printf(Locale.ROOT, "hit@1 %.3f  hit@3 %.3f  hit@5 %.3f  hit@10 %.3f%n", r.hit1(), r.hit3(), r.hit5(), r.hit10());
            out.printf(Locale.ROOT, "MRR@10 %.3f  nDCG@10 %.3f  mean latency %.1f ms%n", r.mrr10(), r.ndcg10(), r.latencyMs());
        }
        if (misses)
            for (int i = 0; i < cases.size(); i++)
                if (e.firstRanks().get(i) == 0) err.println("miss: " + cases.get(i).question() + " -> " + cases.get(i).relevant());
        out.flush();
        return 0;
    }

    static ObjectNode toJson(RetrievalMetrics r) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("hit@1", r.hit1());
        o.put("hit@3", r.hit3());
        o.put("hit@5", r.hit5());
        o.put("hit@10", r.hit10());
        o.put("mrr@10", r.mrr10());
        o.put("ndcg@10", r.ndcg10());
        o.put("latency_ms", r.latencyMs());
        o.put("queries", r.queries());
        return o;
    }

    /** The QA set; a bad line is an error naming the file and line. Blank lines are ignored. */
    static List<QaCase> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        ObjectMapper mapper = new ObjectMapper();
        var cases = new ArrayList<QaCase>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String where = file + " line " + (i + 1) + ": ";
            JsonNode n;
            try {
                n = mapper.readTree(line);
            } catch (JacksonException ex) {
                throw new IllegalArgumentException(where + "not valid JSON (" + ex.getOriginalMessage() + ")");
            }
            if (n == null || !n.path("question").isString() || !n.path("relevant").isArray() || n.get("relevant").isEmpty())
                throw new IllegalArgumentException(where + "expected {\"question\": \"...\", \"relevant\": [\"path-suffix\", ...]}");
            var relevant = new ArrayList<String>();
            for (JsonNode r : n.get("relevant")) {
                if (!r.isString() || r.asString().isBlank()) throw new IllegalArgumentException(where + "\"relevant\" must hold non-empty strings");
                relevant.add(r.asString());
            }
            if (n.get("question").asString().isBlank()) throw new IllegalArgumentException(where + "the question is empty");
            cases.add(new QaCase(n.get("question").asString(), relevant));
        }
        if (cases.isEmpty()) throw new IllegalArgumentException(file + ": no questions");
        return cases;
    }
}
