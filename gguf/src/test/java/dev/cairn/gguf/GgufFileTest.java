package dev.cairn.gguf;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GgufFileTest {

    @Test
    void readsStories260K() {
        Path path = Fixtures.fixture("models/stories260K.gguf");
        try (GgufFile gguf = GgufFile.open(path)) {
            assertEquals(3, gguf.version());
            GgufMetadata md = gguf.metadata();
            assertEquals("llama", md.getString("general.architecture"));
            assertEquals(64, md.getInt("llama.embedding_length"));
            assertEquals(5, md.getInt("llama.block_count"));
            assertEquals(8, md.getInt("llama.attention.head_count"));
            assertEquals(4, md.getLong("llama.attention.head_count_kv"));
            assertEquals(1e-5f, md.getFloat("llama.attention.layer_norm_rms_epsilon"));
            assertEquals(GgufValueType.UINT32, md.type("llama.block_count").orElseThrow());
            assertEquals(4294967295L, md.getLong("tokenizer.ggml.padding_token_id"));
            assertThrows(GgufFormatException.class, () -> md.getInt("tokenizer.ggml.padding_token_id"));

            List<String> tokens = md.getStringArray("tokenizer.ggml.tokens");
            assertEquals(512, tokens.size());
            assertEquals("<unk>", tokens.get(0));
            assertEquals("<s>", tokens.get(1));
            assertEquals("</s>", tokens.get(2));
            assertEquals(512, md.getFloatArray("tokenizer.ggml.scores").length);
            int[] types = md.getIntArray("tokenizer.ggml.token_type");
            assertEquals(512, types.length);
            assertEquals(2, types[0]); // unknown
            assertEquals(3, types[1]); // control

            assertEquals(48, gguf.tensors().size());
            GgufTensorInfo embd = gguf.tensor("token_embd.weight");
            assertEquals(GgmlType.F32, embd.type());
            assertArrayEquals(new long[] {64, 512}, embd.shape());
            assertEquals(64 * 512 * 4, embd.byteSize());
            assertEquals(0, embd.offset() % gguf.alignment());
            assertEquals(gguf.dataOffset(), embd.offset());
            GgufTensorInfo wk = gguf.tensor("blk.4.attn_k.weight");
            assertArrayEquals(new long[] {64, 32}, wk.shape());
            MemorySegment data = gguf.tensorData("output_norm.weight");
            assertEquals(64 * 4, data.byteSize());
            float w0 = data.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            assertTrue(Float.isFinite(w0) && w0 != 0, "output_norm weight " + w0);
            assertTrue(data.isReadOnly());
        }
    }

    @Test
    void missingKeyNamesKeyAndFile() {
        Path path = Fixtures.fixture("models/stories260K.gguf");
        try (GgufFile gguf = GgufFile.open(path)) {
            var e = assertThrows(GgufFormatException.class, () -> gguf.metadata().getInt("llama.rope.freq_base"));
            assertTrue(e.getMessage().contains("llama.rope.freq_base"), e.getMessage());
            assertTrue(e.getMessage().contains("stories260K.gguf"), e.getMessage());
            assertTrue(gguf.metadata().findFloat("llama.rope.freq_base").isEmpty());
            assertEquals(10000f, gguf.metadata().findFloat("llama.rope.freq_base").orElse(10000f));
            var wrongKind = assertThrows(GgufFormatException.class, () -> gguf.metadata().getString("llama.block_count"));
            assertTrue(wrongKind.getMessage().contains("UINT32"), wrongKind.getMessage());
            var noTensor = assertThrows(GgufFormatException.class, () -> gguf.tensor("blk.9.attn_q.weight"));
            assertTrue(noTensor.getMessage().contains("blk.9.attn_q.weight"), noTensor.getMessage());
        }
    }

    @Test
    void closeUnmaps() {
        Path path = Fixtures.fixture("models/stories260K.gguf");
        GgufFile gguf = GgufFile.open(path);
        MemorySegment data = gguf.tensorData("output_norm.weight");
        gguf.close();
        gguf.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> data.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void readsVocabularyOnlyFiles() {
        record Vocab(String file, String model, int size, boolean merges) {}
        List<Vocab> vocabs = List.of(
                new Vocab("ggml-vocab-llama-spm.gguf", "llama", 32000, false),
                new Vocab("ggml-vocab-llama3.gguf", "gpt2", 128256, true),
                new Vocab("ggml-vocab-gpt-2.gguf", "gpt2", 50257, true),
                new Vocab("ggml-vocab-bert-bge.gguf", "bert", 30522, false),
                new Vocab("ggml-vocab-starcoder.gguf", "gpt2", 49152, true),
                new Vocab("ggml-vocab-falcon.gguf", "gpt2", 65024, true),
                new Vocab("ggml-vocab-deepseek-coder.gguf", "gpt2", 32256, true));
        for (Vocab v : vocabs) {
            try (GgufFile gguf = GgufFile.open(Fixtures.fixture("tokenizers/" + v.file()))) {
                GgufMetadata md = gguf.metadata();
                assertEquals(v.model(), md.getString("tokenizer.ggml.model"), v.file());
                assertEquals(v.size(), md.getStringArray("tokenizer.ggml.tokens").size(), v.file());
                assertEquals(v.size(), md.getIntArray("tokenizer.ggml.token_type").length, v.file());
                assertEquals(v.merges(), md.contains("tokenizer.ggml.merges"), v.file());
                assertTrue(gguf.tensors().isEmpty(), v.file());
            }
        }
        try (GgufFile gguf = GgufFile.open(Fixtures.fixture("tokenizers/ggml-vocab-llama3.gguf"))) {
            GgufMetadata md = gguf.metadata();
            assertEquals("llama-bpe", md.getString("tokenizer.ggml.pre"));
            assertEquals(128000, md.getInt("tokenizer.ggml.bos_token_id"));
            assertTrue(md.getBoolean("tokenizer.ggml.add_bos_token", false));
            assertFalse(md.getBoolean("tokenizer.ggml.add_eos_token", false));
            assertEquals("Ġ Ġ", md.getStringArray("tokenizer.ggml.merges").get(0));
        }
    }

    @Test
    void readsQuantizedTensorGeometry() {
        try (GgufFile gguf = GgufFile.open(Fixtures.fixture("models/syn-qwen3moe-q8_0.gguf"))) {
            GgufTensorInfo up = gguf.tensor("blk.0.ffn_up_exps.weight");
            assertEquals(GgmlType.Q8_0, up.type());
            assertArrayEquals(new long[] {256, 512, 4}, up.shape());
            assertEquals(256L * 512 * 4 / 32 * 34, up.byteSize());
            assertEquals(4, gguf.metadata().getInt("qwen3moe.expert_count"));
        }
    }
}
