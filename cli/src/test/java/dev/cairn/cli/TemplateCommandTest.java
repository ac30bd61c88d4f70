package dev.cairn.cli;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class TemplateCommandTest {
    @TempDir
    Path dir;

    /** Writes case {@code index} of a fixture to its own file. */
    private Path fixtureCase(String name, int index) throws Exception {
        JsonNode c = new ObjectMapper().readTree(Fixtures.fixture("chat-templates/" + name + ".json").toFile()).get("cases").get(index);
        return Files.writeString(dir.resolve(name + "-" + index + ".json"), c.toString());
    }

    private static String expected(Path caseFile) {
        JsonNode c = new ObjectMapper().readTree(caseFile.toFile());
        return c.has("expected") ? c.get("expected").asString() : null;
    }

    @Test
    void printsExactlyWhatJinja2Renders() throws Exception {
        for (String name : new String[] {"Qwen-Qwen2.5-7B-Instruct", "meta-llama-Llama-3.1-8B-Instruct", "Qwen-Qwen3-0.6B"}) {
            for (int i : new int[] {0, 6, 8}) {
                Path input = fixtureCase(name, i);
                CairnTest.Run r = CairnTest.run("template", "--template",
                        Fixtures.fixture("chat-templates/" + name + ".jinja").toString(), "--input", input.toString());
                assertEquals(0, r.code(), name + " " + i + ": " + r.err());
                assertEquals(expected(input), r.out(), name + " " + i);
            }
        }
    }

    @Test
    void aTemplateErrorExitsOneWithTheMessage() throws Exception {
        Path input = fixtureCase("google-gemma-2-2b-it", 0);
        CairnTest.Run r = CairnTest.run("template", "--template",
                Fixtures.fixture("chat-templates/google-gemma-2-2b-it.jinja").toString(), "--input", input.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("System role not supported"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aModelWithoutTemplateUsesChatMl() throws Exception {
        Path input = Files.writeString(dir.resolve("hi.json"),
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"add_generation_prompt\": true}");
        CairnTest.Run r = CairnTest.run("template", "--model", Fixtures.fixture("models/stories260K.gguf").toString(),
                "--input", input.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", r.out());
        assertTrue(r.err().contains("no chat template"), r.err());
    }
}
