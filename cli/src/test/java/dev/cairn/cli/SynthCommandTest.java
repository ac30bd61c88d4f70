package dev.cairn.cli;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code cairn synth} and the LLM mode of {@code cairn bench}, on the tiny preset. */
class SynthCommandTest {
    @TempDir
    Path dir;

    @Test
    void synthesizesAModelThatBenchMeasures() throws Exception {
        Path model = dir.resolve("tiny.gguf");
        CairnTest.Run r = CairnTest.run("synth", "--preset", "tiny", "--type", "q4_k", "--seed", "3", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("tiny: llama, dim 256") && r.err().contains("Q4_K"), r.err());
        assertTrue(Files.size(model) > 100_000);

        r = CairnTest.run("bench", "--model", model.toString(), "--prompt-tokens", "8", "--gen-tokens", "4", "--repeat", "2",
                "--threads", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("prefill_tok_s").asDouble() > 0, r.out());
        assertTrue(j.get("decode_tok_s").asDouble() > 0, r.out());
        assertEquals("Q4_K", j.get("type").asString());
        assertEquals(2, j.get("threads").asInt());
        assertEquals(Files.size(model), j.get("file_bytes").asLong());
        assertTrue(j.get("rss_bytes").asLong() > 0);

        r = CairnTest.run("bench", "--model", model.toString(), "-p", "0", "-n", "3", "-r", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tg3") && !r.out().contains("pp"), r.out());
    }

    @Test
    void synthWithTheLlama3VocabularyNeedsTheMatchingPreset() {
        Path vocab = Fixtures.fixture("tokenizers/ggml-vocab-llama3.gguf");
        CairnTest.Run r = CairnTest.run("synth", "--preset", "tiny", "--vocab", vocab.toString(), dir.resolve("x.gguf").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("128256 tokens"), r.err());
    }

    @Test
    void synthUsageErrors() {
        CairnTest.Run r = CairnTest.run("synth", "--preset", "gpt-9", dir.resolve("x.gguf").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown preset 'gpt-9'") && r.err().contains("llama-3.2-1b"), r.err());
        r = CairnTest.run("synth", "--preset", "tiny", "--type", "Q3_K", dir.resolve("x.gguf").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Q3_K"), r.err());
        r = CairnTest.run("synth", "--preset", "tiny", "--vocab", dir.resolve("none.gguf").toString(), dir.resolve("x.gguf").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
        r = CairnTest.run("synth", "--preset", "tiny");
        assertEquals(2, r.code());
    }

    @Test
    void benchArgumentErrors() throws Exception {
        Path model = dir.resolve("m.gguf");
        Files.writeString(model, "x");
        String m = model.toString();
        assertUsage(CairnTest.run("bench", "--model", dir.resolve("absent.gguf").toString()), "no such file");
        assertUsage(CairnTest.run("bench", "--model", m, "--prompt-tokens", "-1"), "must not be negative");
        assertUsage(CairnTest.run("bench", "--model", m, "-p", "0", "-n", "0"), "nothing to measure");
        assertUsage(CairnTest.run("bench", "--model", m, "--repeat", "0"), "--repeat");
        assertUsage(CairnTest.run("bench", "--model", m, "--threads", "0"), "--threads");
        assertUsage(CairnTest.run("bench", "--model", m, "--context", "10"), "--context 10");
        assertUsage(CairnTest.run("bench", "--model", m, "--gen-tokens", "many"), "many");
        CairnTest.Run r = CairnTest.run("bench", "--model", m);
        assertEquals(1, r.code(), "not a GGUF file: a failure, not a usage error");
        assertFalse(r.err().contains("\tat "), "one line, no stack trace: " + r.err());
    }

    private static void assertUsage(CairnTest.Run r, String text) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(text), r.err());
    }
}
