package dev.cairn.cli;

import dev.cairn.rag.SearchMode;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --mode} and {@code --per-document}, shared by the commands that retrieve: search, ask and eval. */
final class RetrievalOptions {
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hybrid",
            description = "vector, bm25 or hybrid (both, fused by reciprocal rank). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--per-document", paramLabel = "N", defaultValue = "1",
            description = "Most passages from one source document, 0 for no limit. Default: ${DEFAULT-VALUE}.")
    int perDocument;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** The parsed mode; a negative {@code --per-document} is a usage error. */
    SearchMode searchMode() {
        if (perDocument < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--per-document must not be negative");
        return SearchMode.parse(mode);
    }
}
