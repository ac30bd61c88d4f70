package dev.cairn.llm;

import java.util.Arrays;

/**
 * Prints the error and greedy agreement of reference models, for measuring (not a test: Surefire does not pick it
 * up). Run it from an IDE or the JUnit console with {@code -Dscan=name,name} and {@code -Demulate=true} for
 * llama.cpp activation rounding.
 */
class ReferenceScan {
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Tag("scan")
    void scan() {
        String[] names = System.getProperty("scan", "stories260K,syn-llama-f32").split(",");
        for (String name : names) {
            Reference ref = Reference.load(name);
            try (Model model = Model.load(ref.modelPath())) {
                for (Reference.Case c : ref.cases()) {
                    Session s = Boolean.getBoolean("emulate") ? model.newSessionRoundingLikeLlamaCpp(128) : model.newSession(128);
                    float[] logits = s.prompt(c.promptTokens()).clone();
                    int[] greedy = (Boolean.getBoolean("emulate") ? model.newSessionRoundingLikeLlamaCpp(128) : model.newSession(128)).greedy(c.promptTokens(), c.greedyTokens().length, 2);
                    System.out.printf("%-22s %-28s relL2 %.3e greedy %d/%d %s%n", name, c.prompt(), Numerics.relativeL2(logits, c.lastLogits()),
                            Numerics.commonPrefix(greedy, c.greedyTokens()), c.greedyTokens().length, greedy.length < 8 ? Arrays.toString(greedy) : "");
                }
            }
        }
    }
}
