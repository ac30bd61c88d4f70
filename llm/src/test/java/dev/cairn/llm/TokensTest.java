package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import dev.cairn.tokenizers.Tokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The tokenizer a model carries, and streaming detokenization. */
class TokensTest {

    @Test
    void everyReferencePromptTokenizesAsLlamaCpp() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Fixtures.fixture("reference"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(26, files.size());
        int cases = 0;
        for (Path file : files) {
            String name = file.getFileName().toString().replace(".json", "");
            Reference ref = Reference.load(name);
            try (Model model = Model.load(ref.modelPath())) {
                for (Reference.Case c : ref.cases()) {
                    assertArrayEquals(c.promptTokens(), model.encode(c.prompt()), name + " '" + c.prompt() + "'");
                    cases++;
                }
            }
        }
        assertEquals(52, cases);
    }

    @Test
    void streamingNeverSplitsACharacter() {
        try (Model model = Model.load(Fixtures.fixture("models/stories260K.gguf"))) {
            Tokenizer t = model.tokenizer();
            String text = "Price: 5€, naïve café, 日本語 and 🙂!";
            int[] ids = t.encode(text, false, false);
            // the 512-token vocabulary spells these characters with byte-fallback tokens, one byte each
            assertTrue(ids.length > text.length() - 10, "expected byte-fallback tokens: " + ids.length);
            TokenStreamDecoder decoder = new TokenStreamDecoder(t);
            StringBuilder out = new StringBuilder();
            int heldBack = 0;
            for (int id : ids) {
                String piece = decoder.append(id);
                if (piece.isEmpty()) heldBack++;
                assertFalse(piece.contains("\uFFFD"), "half a character emitted after token " + id);
                if (!piece.isEmpty()) {
                    assertFalse(Character.isHighSurrogate(piece.charAt(piece.length() - 1)));
                }
                out.append(piece);
            }
            out.append(decoder.flush());
            assertTrue(heldBack >= 10, "multi-byte characters should be held back: " + heldBack);
            assertEquals(" " + text, out.toString()); // SentencePiece's dummy prefix space
        }
    }

    @Test
    void bytesSplitAnywhere() {
        try (Model model = Model.load(Fixtures.fixture("models/stories260K.gguf"))) {
            byte[] utf8 = "a€b🙂c".getBytes(StandardCharsets.UTF_8);
            for (int cut = 0; cut <= utf8.length; cut++) {
                TokenStreamDecoder d = new TokenStreamDecoder(model.tokenizer());
                List<String> pieces = new ArrayList<>();
                pieces.add(d.append(java.util.Arrays.copyOfRange(utf8, 0, cut)));
                for (int i = cut; i < utf8.length; i++) pieces.add(d.append(new byte[] {utf8[i]}));
                pieces.add(d.flush());
                assertEquals("a€b🙂c", String.join("", pieces));
                pieces.forEach(p -> assertFalse(p.contains("\uFFFD")));
            }
            TokenStreamDecoder d = new TokenStreamDecoder(model.tokenizer());
            assertEquals("", d.append(new byte[] {(byte) 0xE2, (byte) 0x82}));
            assertEquals("\uFFFD", d.flush()); // a character that never completed
            assertEquals("\uFFFDx", d.append(new byte[] {(byte) 0x82, 'x'})); // a stray continuation byte
        }
    }
}
