package dev.cairn.cli;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class QuantizeCommandTest {
    @TempDir
    Path dir;

    @Test
    void quantizesToTheBytesOfLlamaQuantizeAndTheModelRuns() throws Exception {
        Path out = dir.resolve("q8.gguf");
        CairnTest.Run r = CairnTest.run("quantize", Fixtures.fixture("models/syn-llama-f32.gguf").toString(), out.toString(), "q8_0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("Q8_0"), r.err());
        assertEquals(Files.size(Fixtures.fixture("models/syn-llama-q8_0.gguf")) / 1000, Files.size(out) / 1000);
        CairnTest.Run g = CairnTest.run("generate", "--model", out.toString(), "--prompt", "Once upon a time",
                "--temperature", "0", "--max-tokens", "4", "--json");
        assertEquals(0, g.code(), g.err());
        JsonNode ref = new ObjectMapper().readTree(Fixtures.fixture("reference/syn-llama-q8_0.json").toFile()).get("cases").get(0);
        JsonNode tokens = new ObjectMapper().readTree(g.out()).get("tokens");
        assertEquals(ref.get("greedy_tokens").get(0), tokens.get(0));
    }

    @Test
    void unknownTypeAndBadInputAreOneLineErrors() throws Exception {
        CairnTest.Run r = CairnTest.run("quantize", Fixtures.fixture("models/syn-llama-f32.gguf").toString(),
                dir.resolve("x.gguf").toString(), "Q3_K");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Q8_0, Q4_0, Q4_K, Q6_K"), r.err());
        Path text = Files.writeString(dir.resolve("not.gguf"), "not a model at all");
        r = CairnTest.run("quantize", text.toString(), dir.resolve("y.gguf").toString(), "Q8_0");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
