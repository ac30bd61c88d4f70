package dev.cairn.cli;

import dev.cairn.agents.local.LocalAnswerGenerator;
import dev.cairn.llm.Generation;
import dev.cairn.llm.Model;
import dev.cairn.rag.IngestOptions;
import dev.cairn.rag.IngestReport;
import dev.cairn.rag.Passage;
import dev.cairn.rag.SearchMode;
import dev.cairn.rag.answer.Answer;
import dev.cairn.rag.answer.Answerer;
import dev.cairn.rag.answer.AnswerGenerator;
import dev.cairn.rag.cache.CacheOptions;
import dev.cairn.rag.cache.LlmCache;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code cairn ask "question" (--index DIR | --docs DIR)}: answers from an index with numbered citations. With
 * {@code --docs DIR} the folder is ingested incrementally first, into its own default index (see
 * {@link IndexSession#defaultIndex}). Without {@code --model} the answer is extractive: the most relevant
 * sentences of the top passages, each with its [n]; with it, generated answers are cached by prompt, model file
 * and settings ({@code --no-cache} turns that off).
 */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = {"Answer a question from your documents, with citations (source path and heading).",
                "--docs DIR ingests DIR first (only changed files) into a default index: $CAIRN_HOME/indexes/<hash> "
                        + "when CAIRN_HOME is set, else ~/.cache/cairn/indexes/<hash>, one per folder and embedding model.",
                "Without --model the answer quotes the most relevant sentences; with it, a local GGUF model writes "
                        + "the answer from the sources."})
final class AskCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QUESTION", description = "The question.")
    String question;

    static final class Source {
        @Option(names = "--index", required = true, paramLabel = "DIR", description = "An index built by 'cairn ingest'.")
        Path index;

        @Option(names = "--docs", required = true, paramLabel = "DIR", description = "A folder of documents, ingested before answering.")
        Path docs;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "A .gguf chat model to write the answer (default: extractive answer).")
    Path modelPath;

    /** The chat model's first spelling, before --model meant the chat model everywhere; hidden. */
    @Option(names = "--model-path", paramLabel = "FILE", hidden = true, description = "Deprecated spelling of --model.")
    void deprecatedModelPath(Path file) {
        modelPath = file;
    }

    @CommandLine.Mixin
    EmbeddingModelOption embedding;

    @Option(names = {"-k", "--k"}, paramLabel = "N", defaultValue = "5", description = "Sources retrieved. Default: ${DEFAULT-VALUE}.")
    int k;


    @CommandLine.Mixin
    RetrievalOptions retrieval;

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "512", description = "Most tokens a generated answer has. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--no-cache", description = "With --model: always generate (by default an answer to the same "
            + "prompt, model and settings comes from the answer cache, kept for 7 days beside the default indexes).")
    boolean noCache;

    @Option(names = "--json", description = "Print {question, answer, extractive, grounded, sources: [{n, path, title, headings, page, citation, score}], cached}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private boolean fromCache;

    @Override
    public Integer call() {
        if (k < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--k must be at least 1");
        SearchMode m = retrieval.searchMode();
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (modelPath != null) ChatModels.requireModelFile(modelPath);
        try (IndexSession s = open(err)) {
            SearchCommand.requireSearchTerms(s, question);
            Answer a;
            if (modelPath == null) {
                a = new Answerer(s.index.retriever(m, retrieval.perDocument), null, k, 3).answer(question);
            } else {
                boolean stream = !json;
                Consumer<String> listener = !stream ? piece -> { } : piece -> {
                    out.print(piece);
                    out.flush();
                };
                try (Model local = Model.load(modelPath)) {
                    var model = new LocalAnswerGenerator(local, maxTokens);
                    Generation[] last = new Generation[1]; // null: no generation ran (answered from the cache, or nothing retrieved)
                    AnswerGenerator gen = prompt -> {
                        last[0] = model.generate(prompt, listener);
                        return last[0].text();
                    };
                    if (!noCache) {
                        var cache = LlmCache.open(IndexSession.home().resolve("llm-cache"),
                                CacheOptions.exactOnly(Duration.ofDays(7)), null, Clock.systemUTC());
                        gen = cache.cached(gen, modelKey(modelPath), Map.of("max_tokens", String.valueOf(maxTokens), "sampling", "greedy"));
                    }
                    a = new Answerer(s.index.retriever(m, retrieval.perDocument), gen, k, 3).answer(question);
                    fromCache = last[0] == null && !a.sources().isEmpty();
                    if (stream && last[0] == null) out.print(a.text()); // from the cache, or nothing retrieved
                    if (stream) out.println();
                    if (Logging.verbosity() > 0 && last[0] != null) err.println(GenerateCommand.usage(last[0]));
                }
            }
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(toJson(a).put("cached", fromCache)));
            } else {
                if (modelPath == null) out.println(a.text());
                if (!a.sources().isEmpty()) {
                    out.println();
                    out.println("Sources:");
                    out.println(a.references());
                }
            }
        }
        out.flush();
        return 0;
    }

    /** Names a model file by its absolute path, size and modification time, so a replaced file is another model. */
    static String modelKey(Path file) {
        try {
            Path p = file.toAbsolutePath().normalize();
            return p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The index to answer from: --index as is, or --docs ingested (incrementally) into its default index. */
    private IndexSession open(PrintWriter err) {
        if (source.index != null) return IndexSession.forReading(source.index, embedding.name);
        Path docs = source.docs.toAbsolutePath().normalize();
        if (!Files.exists(docs)) throw new IllegalArgumentException(source.docs + ": no such file or folder");
        String modelName = embedding.name != null ? embedding.name : IndexSession.DEFAULT_MODEL;
        Path dir = IndexSession.defaultIndex(docs, modelName);
        IndexSession s = IndexSession.forWriting(dir, modelName);
        try {
            IngestReport r = s.index.ingest(List.of(docs), IngestOptions.defaults(), (done, total, file) -> {});
            IngestCommand.printProblems(r, err, "ask");
            if (r.added() + r.updated() + r.removed() > 0)
                err.println("cairn ask: indexed " + source.docs + " into " + dir + ": " + IngestCommand.summary(r));
            if (s.index.info().chunks() == 0)
                throw new IllegalArgumentException(source.docs + ": no documents to answer from (the folder has no "
                        + "Markdown, text, HTML or PDF files)");
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    static ObjectNode toJson(Answer a) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("question", a.question());
        o.put("answer", a.text());
        o.put("extractive", a.extractive());
        o.put("grounded", a.grounded());
        var sources = o.putArray("sources");
        for (int i = 0; i < a.sources().size(); i++) {
            Passage p = a.sources().get(i);
            ObjectNode q = sources.addObject();
            q.put("n", i + 1);
            q.put("path", p.path());
            q.put("title", p.chunk().title());
            var h = q.putArray("headings");
            p.chunk().headings().forEach(h::add);
            q.put("page", p.chunk().page());
            q.put("citation", p.citation());
            q.put("score", p.score());
        }
        return o;
    }
}
