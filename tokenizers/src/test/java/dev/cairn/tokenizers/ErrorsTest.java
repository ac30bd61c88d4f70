package dev.cairn.tokenizers;

import dev.cairn.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files Cairn cannot use fail with a TokenizerException that names the file and the problem. */
class ErrorsTest {
    @TempDir
    Path dir;

    private static TokenizerException json(String text) {
        return assertThrows(TokenizerException.class, () -> Tokenizers.fromTokenizerJson(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "broken.json"));
    }

    @Test
    void corruptJson() {
        TokenizerException e = json("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0,");
        assertTrue(e.getMessage().startsWith("broken.json: invalid JSON"), e.getMessage());
    }

    @Test
    void notATokenizer() {
        assertTrue(json("[1, 2]").getMessage().contains("not a tokenizer.json"));
        assertTrue(json("{\"version\": \"1.0\"}").getMessage().contains("has no \"model\""));
    }

    @Test
    void unsupportedModel() {
        TokenizerException e = json("{\"model\": {\"type\": \"WordLevel\", \"vocab\": {}}}");
        assertTrue(e.getMessage().contains("WordLevel") && e.getMessage().contains("supported"), e.getMessage());
    }

    @Test
    void unknownTokenMissing() {
        TokenizerException e = json("{\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", \"vocab\": {\"a\": 0}}}");
        assertTrue(e.getMessage().contains("[UNK]"), e.getMessage());
    }

    @Test
    void holeInVocabulary() {
        TokenizerException e = json("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0, \"b\": 2}}}");
        assertTrue(e.getMessage().contains("no token with id 1"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.json");
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizers.load(missing));
        assertTrue(e.getMessage().contains("nope.json") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void binaryFileThatIsNotGguf() throws Exception {
        Path file = dir.resolve("junk.bin");
        Files.write(file, new byte[]{(byte) 0xFF, (byte) 0xFE, 0, 1, 2});
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizers.load(file));
        assertTrue(e.getMessage().contains("junk.bin") && e.getMessage().contains("neither a GGUF file nor a tokenizer.json"), e.getMessage());
    }

    @Test
    void textFileThatIsNotJson() throws Exception {
        Path file = dir.resolve("notes.md");
        Files.writeString(file, "# notes\n");
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizers.load(file));
        assertTrue(e.getMessage().equals(file + ": neither a GGUF file nor a tokenizer.json"), e.getMessage());
    }

    @Test
    void ggufWithoutTokenizer() {
        Path file = dir.resolve("weights-only.gguf");
        new GgufWriter().putString("general.architecture", "llama").write(file);
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizers.load(file));
        assertTrue(e.getMessage().contains("weights-only.gguf") && e.getMessage().contains("tokenizer.ggml.model"), e.getMessage());
    }

    @Test
    void ggufWithUnsupportedPreTokenizer() {
        Path file = dir.resolve("odd-pre.gguf");
        new GgufWriter().putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "martian")
                .putStringArray("tokenizer.ggml.tokens", List.of("a", "b", "ab"))
                .putStringArray("tokenizer.ggml.merges", List.of("a b")).write(file);
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizers.load(file));
        assertTrue(e.getMessage().contains("martian"), e.getMessage());
    }

    @Test
    void ggufWithUnsupportedModel() {
        Path file = dir.resolve("rwkv.gguf");
        new GgufWriter().putString("tokenizer.ggml.model", "rwkv")
                .putStringArray("tokenizer.ggml.tokens", List.of("a")).write(file);
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizers.load(file));
        assertTrue(e.getMessage().contains("rwkv") && e.getMessage().contains("rwkv.gguf"), e.getMessage());
    }

    @Test
    void idOutsideVocabulary() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        new GgufWriter().putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "gpt-2")
                .putStringArray("tokenizer.ggml.tokens", List.of("a", "b", "ab"))
                .putStringArray("tokenizer.ggml.merges", List.of("a b")).write(file);
        Tokenizer t = Tokenizers.load(file);
        assertThrows(IllegalArgumentException.class, () -> t.decode(new int[]{3}));
    }

    /** Merges are read on the first word that needs them; a malformed one then fails with its rank and text. */
    @Test
    void malformedMergeFailsWhenMergesAreFirstNeeded() throws Exception {
        Path file = dir.resolve("bad-merge.gguf");
        new GgufWriter().putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "gpt-2")
                .putStringArray("tokenizer.ggml.tokens", List.of("a", "b", "ab"))
                .putStringArray("tokenizer.ggml.merges", List.of("a b", "ab")).write(file);
        Tokenizer t = Tokenizers.load(file);
        TokenizerException e = assertThrows(TokenizerException.class, () -> t.encode("abab", false, false));
        assertTrue(e.getMessage().contains("bad-merge.gguf") && e.getMessage().contains("merge 1 'ab'"), e.getMessage());
    }

    @Test
    void mergesApplyByRankWithoutBuildingStrings() throws Exception {
        Path file = dir.resolve("merges.gguf");
        // "abc": a b -> ab (rank 0) then ab c -> abc (rank 1); "bc" exists but its merge ranks last
        new GgufWriter().putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "gpt-2")
                .putStringArray("tokenizer.ggml.tokens", List.of("a", "b", "c", "ab", "bc", "abc"))
                .putStringArray("tokenizer.ggml.merges", List.of("a b", "ab c", "b c", "x y")).write(file);
        Tokenizer t = Tokenizers.load(file);
        assertArrayEquals(new int[] {5}, t.encode("abc", false, false));
        assertArrayEquals(new int[] {4, 0}, t.encode("bca", false, false));
        assertEquals("abcbca", t.decode(new int[] {5, 4, 0}));
    }
}
