package dev.cairn.cli;

import dev.cairn.core.Fixtures;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class GenerateCommandTest {
    private static final String STORIES = Fixtures.fixture("models/stories260K.gguf").toString();

    @TempDir
    Path dir;

    private static JsonNode reference(String name) {
        return new ObjectMapper().readTree(Fixtures.fixture("reference/" + name + ".json").toFile()).get("cases").get(0);
    }

    @Test
    void greedyJsonIsLlamaCppsContinuation() {
        JsonNode ref = reference("stories260K");
        CairnTest.Run r = CairnTest.run("generate", "--model", STORIES, "--prompt", "Once upon a time",
                "--temperature", "0", "--max-tokens", "32", "--json", "--logits");
        assertEquals(0, r.code(), r.err());
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertEquals(ref.get("prompt_tokens"), out.get("prompt_tokens"));
        assertEquals(ref.get("greedy_tokens"), out.get("tokens"));
        assertTrue(out.get("text").asString().startsWith(", there was a little girl named Lily."), out.get("text").asString());
        JsonNode logits = out.get("prompt_logits"), expected = ref.get("last_logits");
        assertEquals(expected.size(), logits.size());
        double diff = 0, norm = 0;
        for (int i = 0; i < logits.size(); i++) {
            double d = logits.get(i).asDouble() - expected.get(i).asDouble();
            diff += d * d;
            norm += expected.get(i).asDouble() * expected.get(i).asDouble();
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-4, "relative L2 " + Math.sqrt(diff / norm));
    }

    @Test
    void streamsTextAndSameSeedSameText() {
        String[] args = {"generate", "--model", STORIES, "--prompt", "Once upon a time", "--max-tokens", "24", "--seed", "42"};
        CairnTest.Run a = CairnTest.run(args), b = CairnTest.run(args);
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().length() > 24, a.out());
        assertEquals(a.out(), b.out());
        CairnTest.Run greedy = CairnTest.run("generate", "--model", STORIES, "--prompt", "Once upon a time",
                "--temperature", "0", "--max-tokens", "32", "--stop", "Lily");
        assertEquals(", there was a little girl named \n", greedy.out().replace("\r\n", "\n"));
    }

    /** With -v, generate reports where its start-up went; without the kernel warm-up it gives the same tokens. */
    @Test
    void startUpBreakdownWithAndWithoutTheWarmup() {
        JsonNode greedy = reference("stories260K").get("greedy_tokens");
        for (boolean warm : new boolean[] {true, false}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("generate", "-v", "--model", STORIES,
                    "--prompt", "Once upon a time", "--temperature", "0", "--max-tokens", "32", "--json"));
            if (!warm) args.add("--no-warmup");
            CairnTest.Run r = CairnTest.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            assertEquals(greedy, new ObjectMapper().readTree(r.out()).get("tokens"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("start-up: file open to first token's logits \\d+ ms, to first text \\d+ ms"
                    + " \\(load \\d+, tokenizer and prompt \\d+, waiting for the kernel warm-up \\d+ \\((\\d+) rounds in \\d+\\), prefill \\d+\\)").matcher(r.err());
            assertTrue(m.find(), r.err());
            assertEquals(warm, Integer.parseInt(m.group(1)) > 0, r.err());
        }
    }

    @Test
    void draftAndKvTypeKeepTheOutput() {
        String[] base = {"generate", "--model", STORIES, "--prompt", "Once upon a time", "--max-tokens", "40", "--seed", "9", "--json"};
        CairnTest.Run plain = CairnTest.run(base);
        assertEquals(0, plain.code(), plain.err());
        String[] speculative = java.util.stream.Stream.concat(java.util.Arrays.stream(base),
                java.util.stream.Stream.of("--draft", STORIES, "--draft-tokens", "3", "--kv-type", "f32")).toArray(String[]::new);
        CairnTest.Run spec = CairnTest.run(speculative);
        assertEquals(0, spec.code(), spec.err());
        JsonNode a = new ObjectMapper().readTree(plain.out()), b = new ObjectMapper().readTree(spec.out());
        assertEquals(a.get("tokens"), b.get("tokens"));

        CairnTest.Run f16 = CairnTest.run("generate", "--model", STORIES, "--prompt", "Once upon a time", "--temperature", "0",
                "--max-tokens", "32", "--kv-type", "F16", "--json");
        assertEquals(0, f16.code(), f16.err());
        assertEquals(reference("stories260K").get("greedy_tokens"), new ObjectMapper().readTree(f16.out()).get("tokens"));

        CairnTest.Run bad = CairnTest.run("generate", "--model", STORIES, "--prompt", "x", "--kv-type", "q4");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--kv-type") && bad.err().contains("f16 or f32"), bad.err());
        CairnTest.Run otherVocab = CairnTest.run("generate", "--model", STORIES, "--prompt", "x",
                "--draft", Fixtures.fixture("models/llama-2-tiny-random.gguf").toString());
        assertEquals(1, otherVocab.code());
        assertTrue(otherVocab.err().contains("same tokenizer"), otherVocab.err());
        assertEquals(1, otherVocab.err().strip().lines().count(), otherVocab.err());
    }

    @Test
    void chatWithoutTemplateUsesTheFallback() {
        CairnTest.Run r = CairnTest.run("generate", "--model", STORIES, "--prompt", "Hi", "--chat", "--temperature", "0",
                "--max-tokens", "8", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertEquals(1, out.get("prompt_tokens").get(0).asInt());
        assertTrue(out.get("prompt_tokens").size() > 10); // <|im_start|>user\nHi... spelled with the small vocabulary
    }

    @Test
    void errorsAreOneLine() throws Exception {
        Path notGguf = Files.writeString(dir.resolve("notes.gguf"), "hello, not a model");
        CairnTest.Run r = CairnTest.run("generate", "--model", notGguf.toString(), "--prompt", "x");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        Path mamba = dir.resolve("mamba.gguf");
        try (GgufFile in = GgufFile.open(Path.of(STORIES))) {
            GgufWriter w = new GgufWriter();
            for (String key : in.metadata().keys()) {
                Object value = key.equals("general.architecture") ? "mamba" : in.metadata().get(key);
                w.put(key, in.metadata().type(key).orElseThrow(), value);
            }
            for (GgufTensorInfo t : in.tensors()) w.addTensor(t.name(), t.type(), t.shape(), in.tensorData(t));
            w.write(mamba);
        }
        r = CairnTest.run("generate", "--model", mamba.toString(), "--prompt", "x");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("mamba") && r.err().contains("llama") && r.err().contains("qwen3moe"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        r = CairnTest.run("generate", "--model", STORIES, "--prompt", "Once upon a time ".repeat(3000), "--max-tokens", "4");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("context"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void chatReadsLinesUntilExit() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("Tell me a story\n\nAnd another\n/exit\nignored\n".getBytes(StandardCharsets.UTF_8)));
            CairnTest.Run r = CairnTest.run("chat", "--model", STORIES, "--temperature", "0", "--max-tokens", "16");
            assertEquals(0, r.code(), r.err());
            assertEquals(2, r.out().strip().lines().filter(l -> !l.isBlank()).count(), r.out()); // two answers
            System.setIn(new ByteArrayInputStream(new byte[0])); // end of input right away
            assertEquals(0, CairnTest.run("chat", "--model", STORIES).code());
        } finally {
            System.setIn(stdin);
        }
    }
}
