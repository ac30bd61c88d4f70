package dev.cairn.rag.answer;

/** Anything that turns a prompt into text: the local runtime, a remote model, a test double. */
@FunctionalInterface
public interface Generator {
    String generate(String prompt);
}
