package dev.cairn.llm;

import dev.cairn.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Gemma 3's sliding-window layers see the last {@code window} positions, the current one included (llama.cpp
 * masks key position p0 for query position p1 when p1 − p0 ≥ window). The fixtures' window (4096) is longer than
 * their prompts, so this builds a one-layer Gemma 3 whose only layer slides over 2 positions.
 */
class SlidingWindowTest {
    private static final int DIM = 32, FFN = 64, VOCAB = 16, HEAD = 16;

    @TempDir
    Path dir;

    private Path gemma(int window) {
        Random random = new Random(3);
        GgufWriter w = new GgufWriter().putString("general.architecture", "gemma3")
                .putUInt32("gemma3.embedding_length", DIM).putUInt32("gemma3.block_count", 1)
                .putUInt32("gemma3.feed_forward_length", FFN).putUInt32("gemma3.attention.head_count", 2)
                .putUInt32("gemma3.attention.head_count_kv", 1).putUInt32("gemma3.attention.key_length", HEAD)
                .putUInt32("gemma3.attention.value_length", HEAD).putFloat32("gemma3.attention.layer_norm_rms_epsilon", 1e-6f)
                .putUInt32("gemma3.attention.sliding_window", window);
        add(w, random, "token_embd.weight", DIM, VOCAB);
        add(w, random, "output_norm.weight", DIM, 1);
        String[][] layer = {{"attn_norm", "" + DIM, "1"}, {"attn_q", "" + DIM, "" + 2 * HEAD}, {"attn_k", "" + DIM, "" + HEAD},
                {"attn_v", "" + DIM, "" + HEAD}, {"attn_q_norm", "" + HEAD, "1"}, {"attn_k_norm", "" + HEAD, "1"},
                {"attn_output", "" + 2 * HEAD, "" + DIM}, {"post_attention_norm", "" + DIM, "1"}, {"ffn_norm", "" + DIM, "1"},
                {"ffn_gate", "" + DIM, "" + FFN}, {"ffn_up", "" + DIM, "" + FFN}, {"ffn_down", "" + FFN, "" + DIM},
                {"post_ffw_norm", "" + DIM, "1"}};
        for (String[] t : layer) add(w, random, "blk.0." + t[0] + ".weight", Integer.parseInt(t[1]), Integer.parseInt(t[2]));
        Path file = dir.resolve("gemma-" + window + ".gguf");
        w.write(file);
        return file;
    }

    private static void add(GgufWriter w, Random random, String name, int cols, int rows) {
        float[] v = new float[cols * rows];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian() * 0.3f;
        w.addTensor(name, rows == 1 ? new long[] {cols} : new long[] {cols, rows}, v);
    }

    private static float[] last(Model model, int... tokens) {
        return model.newSession(tokens.length).prompt(tokens).clone();
    }

    @Test
    void slidingLayerForgetsTokensOutsideTheWindow() {
        try (Model model = Model.load(gemma(2))) {
            assertTrue(model.config().isSlidingWindowLayer(0));
            // positions 2 and 3 hold the same tokens; what came before is out of the window
            assertArrayEquals(last(model, 5, 6, 7, 8), last(model, 9, 10, 7, 8));
            // position 1 is inside the window of position 2
            assertFalse(java.util.Arrays.equals(last(model, 5, 6, 7), last(model, 5, 10, 7)));
        }
        try (Model model = Model.load(gemma(4096))) {
            assertFalse(java.util.Arrays.equals(last(model, 5, 6, 7, 8), last(model, 9, 10, 7, 8)));
        }
    }
}
