package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class QuantizerTest {
    @TempDir
    Path dir;

    /** syn-llama-*.gguf were made by llama-quantize --pure from the same weights: our bytes are theirs. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Q8_0, q8_0", "Q4_0, q4_0", "Q4_K, q4_k", "Q6_K, q6_k"})
    void sameBytesAsLlamaQuantize(String type, String file) {
        Path out = dir.resolve(file + ".gguf");
        Quantizer.quantize(Fixtures.fixture("models/syn-llama-f32.gguf"), out, Quantizer.type(type));
        try (GgufFile ours = GgufFile.open(out); GgufFile theirs = GgufFile.open(Fixtures.fixture("models/syn-llama-" + file + ".gguf"))) {
            assertEquals(theirs.tensors().size(), ours.tensors().size());
            assertEquals(theirs.metadata().getLong("general.file_type"), ours.metadata().getLong("general.file_type"));
            for (GgufTensorInfo t : theirs.tensors()) {
                GgufTensorInfo o = ours.tensor(t.name());
                assertEquals(t.type(), o.type(), t.name());
                assertArrayEquals(t.shape(), o.shape(), t.name());
                byte[] a = ours.tensorData(o).toArray(ValueLayout.JAVA_BYTE), b = theirs.tensorData(t).toArray(ValueLayout.JAVA_BYTE);
                int differing = 0;
                for (int i = 0; i < a.length; i++) if (a[i] != b[i]) differing++;
                assertEquals(0, differing, t.name() + ": " + differing + " of " + a.length + " bytes differ");
            }
        }
    }

    @Test
    void quantizedModelMatchesTheReferenceWithinTheQuantizedTolerance() {
        Path out = dir.resolve("q8.gguf");
        Quantizer.quantize(Fixtures.fixture("models/syn-llama-f32.gguf"), out, GgmlType.Q8_0);
        Reference f32 = Reference.load("syn-llama-f32"), q8 = Reference.load("syn-llama-q8_0");
        try (Model model = Model.load(out)) {
            for (int i = 0; i < f32.cases().size(); i++) {
                int[] prompt = f32.cases().get(i).promptTokens();
                float[] logits = model.newSession(prompt.length).prompt(prompt);
                assertTrue(Numerics.relativeL2(logits, f32.cases().get(i).lastLogits()) < 6e-2);
                float[] rounded = model.newSessionRoundingLikeLlamaCpp(prompt.length).prompt(prompt);
                assertTrue(Numerics.relativeL2(rounded, q8.cases().get(i).lastLogits()) < 1e-5);
            }
        }
    }

    /**
     * Encoding then decoding gaussian weights (two scales, an all-zero block): relative RMS error per type, measured
     * 2.1e-4 (F16), 5.3e-3 (Q8_0), 1.7e-2 (Q6_K), 7.2e-2 (Q4_K), 8.6e-2 (Q4_0).
     */
    @ParameterizedTest(name = "{0} ≤ {1}")
    @CsvSource({"F32, 0", "F16, 3e-4", "Q8_0, 6e-3", "Q6_K, 2e-2", "Q4_K, 8e-2", "Q4_0, 1e-1"})
    void roundTripError(String name, double bound) {
        GgmlType type = GgmlType.valueOf(name);
        Random random = new Random(11);
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextGaussian() * (i % 256 < 128 ? 0.02 : 0.5));
        x[7] = 0;
        Arrays.fill(x, 1024, 1280, 0f); // an all-zero block
        float[] back = new float[x.length];
        Quant.of(type).dequantize(MemorySegment.ofArray(Encoders.encode(type, x)), 0, back, 0, x.length);
        double err = 0, norm = 0;
        for (int i = 0; i < x.length; i++) {
            err += (x[i] - back[i]) * (double) (x[i] - back[i]);
            norm += x[i] * (double) x[i];
        }
        double rel = Math.sqrt(err / norm);
        assertTrue(rel <= bound, name + ": " + rel);
        for (int i = 1024; i < 1280; i++) assertEquals(0f, back[i], 0f); // -0 from Q4_0 and Q4_K is zero
    }

    @Test
    void refusesOtherTypesAndQuantizedSources() throws Exception {
        assertThrows(LlmException.class, () -> Quantizer.type("Q3_K"));
        var e = assertThrows(LlmException.class, () -> Quantizer.quantize(Fixtures.fixture("models/syn-llama-q8_0.gguf"),
                dir.resolve("x.gguf"), GgmlType.Q4_0));
        assertTrue(e.getMessage().contains("Q8_0"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.gguf")));
    }
}
