package dev.cairn.embeddings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model directories, their sentence-transformers configuration, overrides, and every way loading can fail. */
class ModelLoadingTest {
    static final BuiltInModel MINI = BuiltInModel.ALL_MINILM_L6_V2_Q;

    @TempDir
    Path dir;

    private Path modelDir() {
        TestModels.copyResource(MINI.onnxResource, dir.resolve("model.onnx"));
        TestModels.copyResource(MINI.tokenizerResource, dir.resolve("tokenizer.json"));
        return dir;
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }

    @Test
    void plainDirectoryUsesDefaultsAndGivesTheBuiltInsVectors() {
        try (var fromDir = OnnxEmbeddingService.builder().modelDirectory(modelDir()).build()) {
            // no configuration files: mean pooling, normalized, the tokenizer.json's truncation (128)
            assertEquals(new ModelConfig(dir.getFileName().toString(), Pooling.MEAN, true, 128, "", ""), fromDir.config());
            List<String> texts = List.of("Normandy is a region in France.", "What is in a name?");
            List<float[]> expected = TestModels.miniLm().embedPassages(texts);
            List<float[]> got = fromDir.embedPassages(texts);
            for (int i = 0; i < texts.size(); i++) assertTrue(TestModels.cosine(expected.get(i), got.get(i)) > 0.99999);
        }
    }

    @Test
    void sentenceTransformersFilesAreRead() throws Exception {
        modelDir();
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.writeString(dir.resolve("1_Pooling/config.json"),
                "{\"word_embedding_dimension\": 384, \"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}");
        Files.writeString(dir.resolve("modules.json"), """
                [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                 {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]""");
        Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 64, \"do_lower_case\": false}");
        Files.writeString(dir.resolve("config_sentence_transformers.json"),
                "{\"prompts\": {\"query\": \"query: \", \"passage\": \"passage: \"}, \"default_prompt_name\": null}");
        try (var s = OnnxEmbeddingService.load(dir.toString())) {
            assertEquals(new ModelConfig(dir.getFileName().toString(), Pooling.CLS, false, 64, "query: ", "passage: "),
                    s.config());
            float[] v = s.embedPassages(List.of("hello")).getFirst();
            double sum = 0;
            for (float x : v) sum += x * x;
            assertTrue(Math.abs(Math.sqrt(sum) - 1) > 1e-3, "not normalized: no Normalize module");
        }
        // explicit settings win over the files
        try (var s = OnnxEmbeddingService.builder().modelDirectory(dir).name("mini").pooling(Pooling.MEAN)
                .normalize(true).maxSequenceLength(100).queryPrefix("").passagePrefix("").build()) {
            assertEquals(new ModelConfig("mini", Pooling.MEAN, true, 100, "", ""), s.config());
        }
    }

    @Test
    void modelFilesAnywhere() {
        modelDir();
        try (var s = OnnxEmbeddingService.builder().modelFiles(dir.resolve("model.onnx"), dir.resolve("tokenizer.json")).build()) {
            assertEquals("model", s.modelName());
            assertEquals(128, s.config().maxSequenceLength());
        }
    }

    @Test
    void unknownModelName() {
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load("no-such-model"));
        assertMessage(e, "unknown model no-such-model", "bge-small-en-v1.5", "all-minilm-l6-v2-q");
    }

    @Test
    void directoryWithoutModelOnnx() throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load(dir.toString()));
        assertMessage(e, dir.toString(), "has no model.onnx", dir.resolve("model.onnx").toString());
    }

    @Test
    void directoryWithoutTokenizerJson() {
        TestModels.copyResource(MINI.onnxResource, dir.resolve("model.onnx"));
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load(dir.toString()));
        assertMessage(e, dir.toString(), "has no tokenizer.json");
    }

    @Test
    void corruptModelFile() throws Exception {
        modelDir();
        Files.write(dir.resolve("model.onnx"), new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load(dir.toString()));
        assertMessage(e, dir.resolve("model.onnx").toString(), "ONNX Runtime cannot load the model");
    }

    @Test
    void truncatedModelFile() throws Exception {
        modelDir();
        Path onnx = dir.resolve("model.onnx");
        byte[] bytes = Files.readAllBytes(onnx);
        Files.write(onnx, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load(dir.toString()));
        assertMessage(e, onnx.toString(), "ONNX Runtime cannot load the model");
    }

    @Test
    void missingFiles() {
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.builder()
                .modelFiles(dir.resolve("m.onnx"), dir.resolve("tokenizer.json")).build());
        assertMessage(e, dir.resolve("tokenizer.json").toString(), "does not exist");
        TestModels.copyResource(MINI.tokenizerResource, dir.resolve("tokenizer.json"));
        e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.builder()
                .modelFiles(dir.resolve("m.onnx"), dir.resolve("tokenizer.json")).build());
        assertMessage(e, dir.resolve("m.onnx").toString(), "does not exist");
        e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load(dir.resolve("nope").toString()));
        assertMessage(e, "unknown model", "nope");
    }

    @Test
    void tokenizerOfAnUnsupportedKind() throws Exception {
        modelDir();
        Files.writeString(dir.resolve("tokenizer.json"),
                "{\"version\": \"1.0\", \"model\": {\"type\": \"WordLevel\", \"vocab\": {\"a\": 0}, \"unk_token\": \"a\"}}");
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load(dir.toString()));
        assertMessage(e, dir.resolve("tokenizer.json").toString(), "WordLevel");
    }

    @Test
    void tokenizerThatIsNotJson() throws Exception {
        modelDir();
        Files.writeString(dir.resolve("tokenizer.json"), "not json at all");
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load(dir.toString()));
        assertMessage(e, dir.resolve("tokenizer.json").toString());
    }

    @Test
    void unsupportedPoolingAndBadConfigJson() throws Exception {
        modelDir();
        Files.createDirectories(dir.resolve("1_Pooling"));
        Path pooling = dir.resolve("1_Pooling/config.json");
        Files.writeString(pooling, "{\"pooling_mode_max_tokens\": true}");
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load(dir.toString()));
        assertMessage(e, pooling.toString(), "pooling mode not supported");
        Files.writeString(pooling, "{\"pooling_mode_cls_token\": tru");
        e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.load(dir.toString()));
        assertMessage(e, pooling.toString(), "not valid JSON");
    }

    @Test
    void maxSequenceLengthMustLeaveRoomForText() {
        modelDir();
        var e = assertThrows(EmbeddingException.class, () -> OnnxEmbeddingService.builder().modelDirectory(dir)
                .maxSequenceLength(2).build());
        assertMessage(e, "max sequence length 2", "special tokens");
    }
}
