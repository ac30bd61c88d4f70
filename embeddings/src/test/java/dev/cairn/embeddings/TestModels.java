package dev.cairn.embeddings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The built-in models, each loaded once per test JVM and shared by test classes (never closed). */
final class TestModels {
    private static OnnxEmbeddingService bge;
    private static OnnxEmbeddingService miniLm;

    private TestModels() {}

    static synchronized OnnxEmbeddingService bge() {
        if (bge == null) bge = OnnxEmbeddingService.builder().model(BuiltInModel.BGE_SMALL_EN_V15).build();
        return bge;
    }

    static synchronized OnnxEmbeddingService miniLm() {
        if (miniLm == null) miniLm = OnnxEmbeddingService.builder().model(BuiltInModel.ALL_MINILM_L6_V2_Q).build();
        return miniLm;
    }

    /** Copies a classpath resource (a built-in model's file) to {@code target}. */
    static Path copyResource(String name, Path target) {
        try (InputStream in = TestModels.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("no resource " + name);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double cosine(float[] a, float[] b) {
        return ParityTest.cosine(a, b);
    }
}
