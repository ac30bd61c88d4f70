package dev.cairn.cli;

import picocli.CommandLine.Option;

/**
 * {@code -e, --embedding-model NAME|DIR}: the embedding model of every command that reads or writes an index
 * (ingest, search, ask, eval, serve, mcp serve), with one spelling and help. {@code --model} names the chat model
 * where a command has one ({@code ask}, {@code serve}, {@code mcp serve}); the index-only commands still take
 * {@code --model} for the embedding model as a hidden alias, the spelling they had first.
 */
sealed class EmbeddingModelOption permits EmbeddingModelOption.WithModelAlias {
    @Option(names = {"-e", "--embedding-model"}, paramLabel = "NAME|DIR",
            description = "Embedding model: a built-in (bge-small-en-v1.5, all-minilm-l6-v2-q) or a sentence-transformers "
                    + "model directory. Default: the index's own, or bge-small-en-v1.5 for a new index.")
    String name;

    /** For ingest, search and eval: also {@code -m, --model}, hidden, the spelling they had first. */
    static final class WithModelAlias extends EmbeddingModelOption {
        @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR", hidden = true, description = "Deprecated spelling of --embedding-model.")
        void deprecatedModel(String model) {
            name = model;
        }
    }
}
