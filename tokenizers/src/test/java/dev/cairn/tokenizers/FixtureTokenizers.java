package dev.cairn.tokenizers;

import dev.cairn.core.Fixtures;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/** The fixture GGUF vocabularies, each loaded once per test run. */
final class FixtureTokenizers {
    private static final ConcurrentHashMap<String, Tokenizer> LOADED = new ConcurrentHashMap<>();

    private FixtureTokenizers() {}

    static Path gguf(String name) {
        return Fixtures.fixture("tokenizers/ggml-vocab-" + name + ".gguf");
    }

    static Tokenizer get(String name) {
        Path file = gguf(name);
        return LOADED.computeIfAbsent(name, n -> Tokenizers.fromGguf(file));
    }
}
