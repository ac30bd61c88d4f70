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

    @Test
    void aModelsOwnTemplateWithItsBosToken() throws Exception {
        Path model = dir.resolve("llama3-chat.gguf");
        String template = Files.readString(Fixtures.fixture("chat-templates/meta-llama-Llama-3.1-8B-Instruct.jinja"));
        try (var in = dev.cairn.gguf.GgufFile.open(Fixtures.fixture("models/stories260K.gguf"))) {
            var w = new dev.cairn.gguf.GgufWriter();
            for (String key : in.metadata().keys()) w.put(key, in.metadata().type(key).orElseThrow(), in.metadata().get(key));
            w.putString("tokenizer.chat_template", template);
            for (var t : in.tensors()) w.addTensor(t.name(), t.type(), t.shape(), in.tensorData(t));
            w.write(model);
        }
        Path input = fixtureCase("meta-llama-Llama-3.1-8B-Instruct", 0);
        CairnTest.Run withCaseTokens = CairnTest.run("template", "--model", model.toString(), "--input", input.toString());
        assertEquals(0, withCaseTokens.code(), withCaseTokens.err());
        assertEquals(expected(input), withCaseTokens.out());
        // without bos_token in the input, the vocabulary's is used
        String noBos = new ObjectMapper().readTree(input.toFile()).toString().replace("\"bos_token\":\"<BOS>\",", "");
        Path input2 = Files.writeString(dir.resolve("nobos.json"), noBos);
        CairnTest.Run fromVocab = CairnTest.run("template", "--model", model.toString(), "--input", input2.toString());
        assertEquals(0, fromVocab.code(), fromVocab.err());
        assertEquals(expected(input).replace("<BOS>", "<s>"), fromVocab.out());
    }
}
