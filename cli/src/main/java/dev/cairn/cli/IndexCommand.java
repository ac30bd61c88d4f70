package dev.cairn.cli;

import dev.cairn.rag.lucene.IndexVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

/** {@code cairn index check DIR}: verifies an index folder, read-only. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Look after an index folder.",
        subcommands = IndexCommand.Check.class)
final class IndexCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (check)");
    }

    /** How to rebuild a damaged index: printed by {@code check} and documented in SECURITY.md. */
    static String rebuildHint(Path dir) {
        return "rebuild it: move " + dir + " aside (or delete it), then run 'cairn ingest DIR... --index " + dir
                + "' over the same folders (its documents are re-read from their files)";
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Verify an index without changing it: Lucene's CheckIndex (checksums, every segment), then",
                    "Cairn's invariants (model, dimension and schema recorded; one file record per document, with its",
                    "content hash; chunk counts, ordinals, ids and vectors). Exit 0 when sound, 1 when damaged."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "The index folder.")
        Path dir;

        @Option(names = "--json", description = "Print the report as one JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            IndexVerifier.Report r = IndexVerifier.check(dir);
            if (json) {
                var m = new LinkedHashMap<String, Object>();
                m.put("index", dir.toString());
                m.put("ok", r.ok());
                m.put("model", r.model());
                m.put("dimension", r.dimension());
                m.put("documents", r.files());
                m.put("chunks", r.chunks());
                m.put("segments", r.segments());
                m.put("problems", r.problems());
                if (!r.ok()) m.put("rebuild", rebuildHint(dir));
                out.println(JsonMapper.builder().build().writeValueAsString(m));
                return r.ok() ? 0 : 1;
            }
            if (r.ok()) {
                out.printf("index %s: ok (%d documents, %d chunks, %d segment(s), model %s, %d dimensions)%n",
                        dir, r.files(), r.chunks(), r.segments(), r.model(), r.dimension());
                return 0;
            }
            err.println("cairn index check: index " + dir + " is damaged (" + r.problems().size() + " problem(s)):");
            for (String p : r.problems()) err.println("  " + p);
            err.println(rebuildHint(dir));
            return 1;
        }
    }
}
