package dev.cairn.cli;

import dev.cairn.embeddings.OnnxEmbeddingService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbedCommandTest {
    static final String MODEL = "all-minilm-l6-v2-q"; // small and quick; bge is the default
    static OnnxEmbeddingService reference;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        reference = OnnxEmbeddingService.load(MODEL);
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    static CairnTest.Run withStdin(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return CairnTest.run(args);
        } finally {
            System.setIn(saved);
        }
    }

    static float[][] vectors(String out) {
        ObjectMapper json = new ObjectMapper();
        return out.lines().map(l -> json.readValue(l, float[].class)).toArray(float[][]::new);
    }

    @Test
    void linesInVectorsOutInOrder() {
        List<String> texts = List.of("Normandy is a region in France.", "", "Who ruled the duchy?", "Ça va? 你好 😀");
        // --batch 3: the input is embedded in two rounds and still comes out in order
        CairnTest.Run r = withStdin(String.join("\n", texts) + "\n", "embed", "--model", MODEL, "--batch", "3");
        assertEquals(0, r.code(), r.err());
        float[][] got = vectors(r.out());
        assertEquals(texts.size(), got.length);
        List<float[]> expected = reference.embedPassages(texts);
        for (int i = 0; i < texts.size(); i++) assertArrayEquals(expected.get(i), got[i], 1e-6f, "line " + (i + 1));
        assertEquals("", r.err());
    }

    @Test
    void jsonlStringsAndObjects() {
        String stdin = "\"first text\"\n{\"text\": \"second\\ntext\", \"id\": 7}\n";
        CairnTest.Run r = withStdin(stdin, "embed", "-m", MODEL, "--jsonl");
        assertEquals(0, r.code(), r.err());
        float[][] got = vectors(r.out());
        List<float[]> expected = reference.embedPassages(List.of("first text", "second\ntext"));
        assertArrayEquals(expected.get(0), got[0], 1e-6f);
        assertArrayEquals(expected.get(1), got[1], 1e-6f);
    }

    @Test
    void badJsonLineNamesTheLineAndEarlierLinesAreStillWritten() {
        String stdin = "\"ok\"\n\"also ok\"\n{\"text\": broken\n\"never read\"\n";
        CairnTest.Run r = withStdin(stdin, "embed", "-m", MODEL, "--jsonl");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("cairn embed: stdin line 3: not valid JSON"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(2, vectors(r.out()).length);

        r = withStdin("{\"txt\": \"wrong field\"}\n", "embed", "-m", MODEL, "--jsonl");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("stdin line 1: expected a JSON string or an object with a string field \"text\""), r.err());
    }

    @Test
    void queryModeAndInputFile() throws Exception {
        Path file = Files.writeString(dir.resolve("texts.txt"), "what is a duchy?\n");
        CairnTest.Run r = CairnTest.run("embed", "-m", MODEL, "--query", "--input", file.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(reference.embedQuery("what is a duchy?"), vectors(r.out())[0], 1e-6f);

        r = CairnTest.run("embed", "-m", MODEL, "--input", dir.resolve("missing.txt").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing.txt: no such file"), r.err());
    }

    @Test
    void emptyInputGivesNoOutput() {
        CairnTest.Run r = withStdin("", "embed", "-m", MODEL);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void badModelIsOneLineError() throws Exception {
        CairnTest.Run r = withStdin("x\n", "embed", "--model", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("has no model.onnx"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
