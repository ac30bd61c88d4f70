package dev.cairn.embeddings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCacheTest {
    private static final List<String> TEXTS = List.of("The Normans gave their name to Normandy.", "", "ok");

    @Test
    void aBuiltInModelIsCachedOnceAndLoadedFromTheCacheWithTheSameVectors(@TempDir Path dir) throws IOException {
        List<float[]> first;
        try (var s = OnnxEmbeddingService.builder().model(BuiltInModel.ALL_MINILM_L6_V2_Q).modelCache(dir).build()) {
            first = s.embedPassages(TEXTS);
        }
        List<Path> files = onnxFiles(dir);
        assertEquals(1, files.size(), files.toString());
        String name = files.getFirst().getFileName().toString();
        assertTrue(name.startsWith("all-minilm-l6-v2-q-") && name.endsWith("-" + Files.size(files.getFirst()) + ".onnx"), name);
        long written = Files.getLastModifiedTime(files.getFirst()).toMillis();

        try (var s = OnnxEmbeddingService.builder().model(BuiltInModel.ALL_MINILM_L6_V2_Q).modelCache(dir).build()) {
            List<float[]> second = s.embedPassages(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) assertArrayEquals(first.get(i), second.get(i), 1e-6f);
        }
        assertEquals(written, Files.getLastModifiedTime(files.getFirst()).toMillis(), "read, not written again");
    }

    @Test
    void aDamagedEntryIsReplaced(@TempDir Path dir) throws IOException {
        try (var s = OnnxEmbeddingService.builder().model(BuiltInModel.ALL_MINILM_L6_V2_Q).modelCache(dir).build()) {
            s.embedQuery("warm");
        }
        Path file = onnxFiles(dir).getFirst();
        long size = Files.size(file);
        Files.write(file, new byte[100]); // cut short: its name no longer matches its size
        float[] v;
        try (var s = OnnxEmbeddingService.builder().model(BuiltInModel.ALL_MINILM_L6_V2_Q).modelCache(dir).build()) {
            v = s.embedQuery("still works");
        }
        assertEquals(384, v.length);
        assertEquals(size, Files.size(onnxFiles(dir).getFirst()), "rewritten whole");

        // same size, garbage inside: ONNX Runtime rejects it, the entry is rebuilt
        Files.write(file, new byte[(int) size]);
        try (var s = OnnxEmbeddingService.builder().model(BuiltInModel.ALL_MINILM_L6_V2_Q).modelCache(dir).build()) {
            assertEquals(384, s.embedQuery("again").length);
        }
        byte[] head = Files.readAllBytes(onnxFiles(dir).getFirst());
        assertFalse(java.util.Arrays.equals(new byte[(int) size], head), "a valid model again");
    }

    @Test
    void anUnwritableCacheOnlyCostsTime(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        try (var s = OnnxEmbeddingService.builder().model(BuiltInModel.ALL_MINILM_L6_V2_Q)
                .modelCache(notADirectory.resolve("models")).build()) {
            assertEquals(384, s.embedQuery("fine").length);
        }
    }

    private static List<Path> onnxFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".onnx")).toList();
        }
    }
}
