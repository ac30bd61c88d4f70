package dev.cairn.embeddings;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what a sentence-transformers style model directory says about embedding with it:
 * <ul>
 *   <li>{@code model.onnx} (or {@code onnx/model.onnx}) and {@code tokenizer.json} (beside it or in the directory);</li>
 *   <li>{@code 1_Pooling/config.json}: {@code pooling_mode_cls_token} or {@code pooling_mode_mean_tokens};</li>
 *   <li>{@code modules.json}: a {@code Normalize} module means normalized vectors; without modules.json vectors are
 *       normalized (as LangChain4j always does);</li>
 *   <li>the maximum sequence length: {@code sentence_bert_config.json}'s {@code max_seq_length}, else
 *       {@code tokenizer.json}'s truncation {@code max_length}, else {@code tokenizer_config.json}'s
 *       {@code model_max_length} (when it is a real length, not the "unlimited" sentinel), else 512;</li>
 *   <li>{@code config_sentence_transformers.json}'s {@code prompts}: {@code query}, and {@code passage} or
 *       {@code document}.</li>
 * </ul>
 */
final class DirectoryConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SANE_LENGTH = 1 << 20;

    private DirectoryConfig() {}

    /** The directory's model files. */
    record ModelFiles(Path onnx, Path tokenizer) {}

    static ModelFiles files(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new EmbeddingException("model directory " + dir + " does not exist or is not a directory");
        }
        List<Path> onnxCandidates = List.of(dir.resolve("model.onnx"), dir.resolve("onnx").resolve("model.onnx"));
        Path onnx = onnxCandidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new EmbeddingException("model directory " + dir + " has no model.onnx (looked for "
                        + onnxCandidates.get(0) + " and " + onnxCandidates.get(1) + ")"));
        List<Path> tokCandidates = List.of(dir.resolve("tokenizer.json"), onnx.resolveSibling("tokenizer.json"));
        Path tok = tokCandidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new EmbeddingException("model directory " + dir + " has no tokenizer.json (looked for "
                        + tokCandidates.get(0) + ")"));
        return new ModelFiles(onnx, tok);
    }

    /** The settings the directory's files state; what they do not say stays null. */
    static Settings settings(Path dir, Path tokenizerJson) {
        Settings s = Settings.NONE.withName(dir.toAbsolutePath().normalize().getFileName().toString());
        JsonNode pooling = read(dir.resolve("1_Pooling").resolve("config.json"));
        if (pooling != null) s = s.withPooling(pooling(pooling, dir.resolve("1_Pooling").resolve("config.json")));
        JsonNode modules = read(dir.resolve("modules.json"));
        if (modules != null) {
            boolean normalize = false;
            for (JsonNode m : modules) normalize |= m.path("type").asString("").endsWith(".Normalize");
            s = s.withNormalize(normalize);
        }
        Integer max = positive(read(dir.resolve("sentence_bert_config.json")), "max_seq_length");
        if (max == null) max = tokenizerTruncation(tokenizerJson);
        if (max == null) max = positive(read(dir.resolve("tokenizer_config.json")), "model_max_length");
        if (max != null) s = s.withMaxSequenceLength(max);
        JsonNode st = read(dir.resolve("config_sentence_transformers.json"));
        if (st != null && st.path("prompts").isObject()) {
            JsonNode prompts = st.path("prompts");
            if (prompts.hasNonNull("query")) s = s.withQueryPrefix(prompts.get("query").asString());
            if (prompts.hasNonNull("passage")) s = s.withPassagePrefix(prompts.get("passage").asString());
            else if (prompts.hasNonNull("document")) s = s.withPassagePrefix(prompts.get("document").asString());
        }
        return s;
    }

    /** {@code truncation.max_length} of a tokenizer.json, or null. */
    static Integer tokenizerTruncation(Path tokenizerJson) {
        JsonNode tok = read(tokenizerJson);
        return tok == null ? null : positive(tok.path("truncation"), "max_length");
    }

    private static Pooling pooling(JsonNode n, Path file) {
        if (n.path("pooling_mode_cls_token").asBoolean(false)) return Pooling.CLS;
        if (n.path("pooling_mode_mean_tokens").asBoolean(false)) return Pooling.MEAN;
        throw new EmbeddingException(file + ": pooling mode not supported (Cairn pools by [CLS] or mean: "
                + "pooling_mode_cls_token or pooling_mode_mean_tokens must be true): " + n);
    }

    private static Integer positive(JsonNode n, String field) {
        if (n == null || !n.path(field).isNumber()) return null;
        double v = n.path(field).asDouble();
        return v >= 1 && v <= MAX_SANE_LENGTH ? (int) v : null;
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new EmbeddingException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
