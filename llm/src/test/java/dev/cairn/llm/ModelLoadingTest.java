package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufFormatException;
import dev.cairn.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Models the runtime cannot run fail at load time with a message naming the file, tensor, key or type. */
class ModelLoadingTest {
    private static final int DIM = 32, FFN = 64, VOCAB = 16, HEADS = 4, KV_HEADS = 2, HEAD = DIM / HEADS;

    @TempDir
    Path dir;

    /** A random two-layer Llama with {@code kvHeads} declared KV heads, one tensor left out and one misshapen. */
    private Path tinyLlama(String architecture, int kvHeads, String skipTensor, String oddTensor) {
        Random random = new Random(1);
        GgufWriter w = new GgufWriter().putString("general.architecture", architecture);
        String p = architecture + ".";
        w.putUInt32(p + "embedding_length", DIM).putUInt32(p + "block_count", 2).putUInt32(p + "feed_forward_length", FFN)
                .putUInt32(p + "attention.head_count", HEADS).putUInt32(p + "attention.head_count_kv", kvHeads)
                .putFloat32(p + "attention.layer_norm_rms_epsilon", 1e-5f);
        tensor(w, random, "token_embd.weight", DIM, VOCAB, skipTensor, oddTensor);
        tensor(w, random, "output_norm.weight", DIM, 1, skipTensor, oddTensor);
        for (int l = 0; l < 2; l++) {
            String b = "blk." + l + ".";
            tensor(w, random, b + "attn_norm.weight", DIM, 1, skipTensor, oddTensor);
            tensor(w, random, b + "attn_q.weight", DIM, HEADS * HEAD, skipTensor, oddTensor);
            tensor(w, random, b + "attn_k.weight", DIM, KV_HEADS * HEAD, skipTensor, oddTensor);
            tensor(w, random, b + "attn_v.weight", DIM, KV_HEADS * HEAD, skipTensor, oddTensor);
            tensor(w, random, b + "attn_output.weight", DIM, DIM, skipTensor, oddTensor);
            tensor(w, random, b + "ffn_norm.weight", DIM, 1, skipTensor, oddTensor);
            tensor(w, random, b + "ffn_gate.weight", DIM, FFN, skipTensor, oddTensor);
            tensor(w, random, b + "ffn_up.weight", DIM, FFN, skipTensor, oddTensor);
            tensor(w, random, b + "ffn_down.weight", FFN, DIM, skipTensor, oddTensor);
        }
        Path file = dir.resolve(architecture + "-" + skipTensor + "-" + oddTensor + ".gguf");
        w.write(file);
        return file;
    }

    private static void tensor(GgufWriter w, Random random, String name, int cols, int rows, String skip, String odd) {
        if (name.equals(skip)) return;
        if (name.equals(odd)) cols += 1; // a shape the hyperparameters do not allow
        float[] values = new float[cols * rows];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian() * 0.2f;
        w.addTensor(name, rows == 1 ? new long[] {cols} : new long[] {cols, rows}, values);
    }

    @Test
    void loadsAndRunsASyntheticModel() {
        try (Model model = Model.load(tinyLlama("llama", KV_HEADS, null, null))) {
            assertEquals(VOCAB, model.vocabularySize());
            Session s = model.newSession(8);
            float[] first = s.next(1).clone();
            float[] second = s.next(2);
            assertEquals(VOCAB, first.length);
            for (float f : second) assertTrue(Float.isFinite(f));
            assertFalse(java.util.Arrays.equals(first, second));
            // the same tokens give the same logits in a fresh session
            Session again = model.newSession(8);
            again.next(1);
            assertArrayEquals(second, again.next(2));
        }
    }

    @Test
    void unsupportedArchitectureIsNamed() {
        var e = assertThrows(LlmException.class, () -> Model.load(tinyLlama("mamba", KV_HEADS, null, null)));
        assertTrue(e.getMessage().contains("'mamba'") && e.getMessage().contains("llama"), e.getMessage());
    }

    @Test
    void missingHyperparameterIsNamed() {
        Path file = tinyLlama("llama", KV_HEADS, null, null);
        GgufWriter w = new GgufWriter().putString("general.architecture", "llama").putUInt32("llama.embedding_length", DIM);
        Path noLayers = dir.resolve("no-layers.gguf");
        w.write(noLayers);
        var e = assertThrows(GgufFormatException.class, () -> Model.load(noLayers));
        assertTrue(e.getMessage().contains("llama.block_count") && e.getMessage().contains("no-layers.gguf"), e.getMessage());
        assertTrue(file.toFile().exists());
    }

    @Test
    void missingTensorIsNamed() {
        var e = assertThrows(LlmException.class, () -> Model.load(tinyLlama("llama", KV_HEADS, "blk.1.ffn_up.weight", null)));
        assertTrue(e.getMessage().contains("blk.1.ffn_up.weight") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void wrongShapeIsNamed() {
        var e = assertThrows(LlmException.class, () -> Model.load(tinyLlama("llama", KV_HEADS, null, "blk.0.attn_k.weight")));
        assertTrue(e.getMessage().contains("blk.0.attn_k.weight") && e.getMessage().contains("[33, 16]"), e.getMessage());
    }

    @Test
    void inconsistentHeadsAreRejected() {
        var e = assertThrows(LlmException.class, () -> Model.load(tinyLlama("llama", 3, null, null)));
        assertTrue(e.getMessage().contains("3 KV heads"), e.getMessage());
    }

    @Test
    void unsupportedTensorTypeIsNamed() {
        GgufWriter w = new GgufWriter().putString("general.architecture", "llama")
                .putUInt32("llama.embedding_length", 256).putUInt32("llama.block_count", 1)
                .putUInt32("llama.attention.head_count", 2).putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .addTensor("token_embd.weight", GgmlType.IQ2_XXS, new long[] {256, 4}, new byte[4 * 66]);
        Path file = dir.resolve("iq2.gguf");
        w.write(file);
        var e = assertThrows(LlmException.class, () -> Model.load(file));
        assertTrue(e.getMessage().contains("token_embd.weight") && e.getMessage().contains("IQ2_XXS"), e.getMessage());
    }
}
