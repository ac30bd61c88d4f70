package dev.cairn.cli;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizeCommandTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"llama3", "llama-spm", "bert-bge"})
    void testFileOutputEqualsTheOutFile(String name) throws Exception {
        Path gguf = Fixtures.fixture("tokenizers/ggml-vocab-" + name + ".gguf");
        CairnTest.Run r = CairnTest.run("tokenize", "--model", gguf.toString(), "--test-file", gguf + ".inp");
        assertEquals(0, r.code(), r.err());
        String expected = Files.readString(Path.of(gguf + ".out"), StandardCharsets.UTF_8);
        assertEquals(expected, r.out().replace("\r\n", "\n"));
    }

    @Test
    void textPrintsIdsAndPieces() {
        Path gguf = Fixtures.fixture("tokenizers/ggml-vocab-llama3.gguf");
        CairnTest.Run r = CairnTest.run("tokenize", "--model", gguf.toString(), "Hello world");
        assertEquals(0, r.code(), r.err());
        assertEquals("9906\t\"Hello\"\n1917\t\" world\"\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void wordPieceShowsPiecesAndSplitCharactersShowBytes() {
        CairnTest.Run bert = CairnTest.run("tokenize", "--model", Fixtures.fixture("tokenizers/ggml-vocab-bert-bge.gguf").toString(),
                "--add-special", "Hello world");
        assertEquals("101\t\"[CLS]\"\n7592\t\"▁hello\"\n2088\t\"▁world\"\n102\t\"[SEP]\"\n", bert.out().replace("\r\n", "\n"));
        CairnTest.Run spm = CairnTest.run("tokenize", "--model", Fixtures.fixture("tokenizers/ggml-vocab-llama-spm.gguf").toString(), "🦙");
        assertEquals("29871\t\" \"\n243\t\\xF0\n162\t\\x9F\n169\t\\xA6\n156\t\\x99\n", spm.out().replace("\r\n", "\n"));
    }

    @Test
    void jsonAndSpecialTokens() {
        Path gguf = Fixtures.fixture("tokenizers/ggml-vocab-llama3.gguf");
        CairnTest.Run r = CairnTest.run("tokenize", "--model", gguf.toString(), "--json", "--add-special", "Hello world");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"ids\": [128000, 9906, 1917], \"pieces\": [\"<|begin_of_text|>\", \"Hello\", \"Ġworld\"]}", r.out().strip());
    }

    @Test
    void missingModelIsOneLineError() {
        CairnTest.Run r = CairnTest.run("tokenize", "--model", "no/such/file.gguf", "hi");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no/such/file.gguf") && r.err().contains("no such file"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void needsTextOrTestFile() {
        Path gguf = Fixtures.fixture("tokenizers/ggml-vocab-llama3.gguf");
        CairnTest.Run r = CairnTest.run("tokenize", "--model", gguf.toString());
        assertEquals(2, r.code());
    }
}
