package dev.cairn.cli;

import dev.cairn.rag.IngestOptions;
import dev.cairn.rag.IngestReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cairn ingest DIR... --index DIR}: brings an index up to date with folders of documents (Markdown, text,
 * HTML, PDF). Unchanged files are skipped by content hash, changed ones replaced, deleted ones removed. Progress
 * goes to stderr; the summary to stdout.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Index folders of documents (Markdown, text, HTML, PDF) for search and ask.",
                "Re-running it only re-reads changed files and drops deleted ones. Unreadable, binary or broken files "
                        + "are skipped and counted, never fatal."})
final class IngestCommand implements Callable<Integer> {
    static final int MAX_PROBLEMS_SHOWN = 20;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders (or files) to ingest.")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "The index folder (created if new).")
    Path index;

    @Option(names = "--include", paramLabel = "GLOB", description = "Only files matching this glob, relative to each DIR (repeatable), e.g. '**/*.md'.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out files and folders matching this glob (repeatable).")
    List<String> excludes = new ArrayList<>();

    @CommandLine.Mixin
    EmbeddingModelOption.WithModelAlias embedding;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no problem lines; only the summary.")
    boolean quiet;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        for (Path r : roots)
            if (!Files.exists(r)) throw new IllegalArgumentException(r + ": no such file or folder");
        List<Path> abs = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        var options = IngestOptions.defaults().withIncludes(includes.toArray(String[]::new))
                .withExcludes(excludes.toArray(String[]::new));
        IngestReport report;
        try (IndexSession s = IndexSession.forWriting(index, embedding.name)) {
            var progress = new IngestProgress(err, IngestProgress.style(quiet || json));
            try {
                report = s.index.ingest(abs, options, progress);
            } finally {
                progress.finish();
            }
        }
        if (!quiet && !json) printProblems(report, err, "ingest"); // --json carries them
        if (json) out.println(toJson(report));
        else out.println(summary(report));
        out.flush();
        return 0;
    }

    static void printProblems(IngestReport report, PrintWriter err, String command) {
        int shown = 0;
        for (IngestReport.Problem p : report.problems()) {
            if (shown++ == MAX_PROBLEMS_SHOWN) {
                err.println("cairn " + command + ": ... and " + (report.problems().size() - MAX_PROBLEMS_SHOWN) + " more");
                break;
            }
            err.println("cairn " + command + ": " + p);
        }
        err.flush();
    }

    static String summary(IngestReport r) {
        return String.format(Locale.ROOT,
                "%d files (%d added, %d updated, %d unchanged, %d removed), %d chunks, %d skipped, %d failed, %.1f s, %.1f chunks/s",
                r.files(), r.added(), r.updated(), r.unchanged(), r.removed(), r.chunks(), r.skipped(), r.failed(),
                r.seconds(), r.chunksPerSecond());
    }

    static String toJson(IngestReport r) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("files", r.files());
        o.put("added", r.added());
        o.put("updated", r.updated());
        o.put("unchanged", r.unchanged());
        o.put("removed", r.removed());
        o.put("chunks", r.chunks());
        o.put("skipped", r.skipped());
        o.put("failed", r.failed());
        o.put("seconds", r.seconds());
        o.put("chunks_per_second", r.chunksPerSecond());
        var problems = o.putArray("problems");
        for (IngestReport.Problem p : r.problems()) {
            ObjectNode q = problems.addObject();
            q.put("path", p.path());
            q.put("severity", p.severity().name().toLowerCase(Locale.ROOT));
            q.put("message", p.message());
        }
        return mapper.writeValueAsString(o);
    }
}
