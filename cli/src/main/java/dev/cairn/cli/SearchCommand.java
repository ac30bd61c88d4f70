package dev.cairn.cli;

import dev.cairn.rag.Passage;
import dev.cairn.rag.RagException;
import dev.cairn.rag.SearchMode;
import dev.cairn.rag.SearchRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code cairn search "query" --index DIR}: the top passages of an index, with their citations and scores. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search an index built by 'cairn ingest'; print the best passages with their sources.",
                "--json prints one array of {rank, score, path, title, headings, page, citation, text, scores}."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QUERY", description = "What to look for.")
    String query;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "The index folder.")
    Path index;


    @Option(names = {"-k", "--k"}, paramLabel = "N", defaultValue = "5", description = "Passages to show. Default: ${DEFAULT-VALUE}.")
    int k;

    @CommandLine.Mixin
    RetrievalOptions retrieval;

    @CommandLine.Mixin
    EmbeddingModelOption.WithModelAlias embedding;

    @Option(names = "--json", description = "Print the passages as a JSON array.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (k < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--k must be at least 1");
        SearchMode m = retrieval.searchMode();
        PrintWriter out = spec.commandLine().getOut();
        try (IndexSession s = IndexSession.forReading(index, embedding.name)) {
            requireSearchTerms(s, query);
            List<Passage> top = s.index.search(SearchRequest.of(query, k), m, retrieval.perDocument);
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(toJson(top)));
            } else if (top.isEmpty()) {
                out.println("No passages found.");
            } else {
                for (int i = 0; i < top.size(); i++) {
                    Passage p = top.get(i);
                    out.printf(Locale.ROOT, "%d. [%.4f] %s%n", i + 1, p.score(), p.citation());
                    out.println(indent(snippet(p.text(), 400)));
                    out.println();
                }
            }
        }
        out.flush();
        return 0;
    }

    /** A query of only stop words or punctuation is refused with a message, rather than answered at random. */
    static void requireSearchTerms(IndexSession s, String query) {
        if (!s.index.store().hasSearchTerms(query))
            throw new RagException("the query \"" + query.strip() + "\" has only stop words or punctuation; "
                    + "add words that say what to look for");
    }

    static ArrayNode toJson(List<Passage> passages) {
        ArrayNode a = new ObjectMapper().createArrayNode();
        for (int i = 0; i < passages.size(); i++) {
            Passage p = passages.get(i);
            ObjectNode o = a.addObject();
            o.put("rank", i + 1);
            o.put("score", p.score());
            o.put("path", p.path());
            o.put("title", p.chunk().title());
            ArrayNode h = o.putArray("headings");
            p.chunk().headings().forEach(h::add);
            o.put("page", p.chunk().page());
            o.put("citation", p.citation());
            o.put("text", p.text());
            ObjectNode sc = o.putObject("scores");
            p.scores().forEach(sc::put);
        }
        return a;
    }

    static String snippet(String text, int max) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }

    static String indent(String text) {
        return "   " + text;
    }
}
