package dev.cairn.tokenizers;

import dev.cairn.core.Fixtures;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tokenizer.json BPE path, checked on the fixture vocabularies: each GGUF vocabulary is rewritten as the
 * tokenizer.json Hugging Face would ship for it (Llama 3: Split + ByteLevel, ignore_merges; GPT-2: ByteLevel;
 * Llama 2: merges with byte_fallback and the Prepend/Replace normalizer) and must reproduce the same vectors.
 */
class JsonBpeFromGgufTest {
    private static final String LLAMA3_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"llama3", "gpt-2", "llama-spm"})
    void jsonMatchesTheVectors(String name) throws Exception {
        Path gguf = Fixtures.fixture("tokenizers/ggml-vocab-" + name + ".gguf");
        String json;
        try (GgufFile file = GgufFile.open(gguf)) {
            json = toTokenizerJson(name, file.metadata());
        }
        Tokenizer tokenizer = Tokenizers.fromTokenizerJson(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), name + "-tokenizer.json");
        VocabVectors vectors = VocabVectors.read(Path.of(gguf + ".inp"), Path.of(gguf + ".out"));
        for (int i = 0; i < vectors.texts().size(); i++) {
            String text = vectors.texts().get(i);
            int[] ids = tokenizer.encode(text);
            assertArrayEquals(vectors.ids().get(i), ids, () -> name + ": " + GgufVocabVectorsTest.printable(text));
            assertEquals(text, tokenizer.decode(ids), () -> name + " decode: " + GgufVocabVectorsTest.printable(text));
        }
        if (name.equals("llama3")) {
            assertArrayEquals(new int[]{128000, 9906}, tokenizer.encode("Hello", true, false));
            assertArrayEquals(new int[]{9906, 128009}, tokenizer.encode("Hello<|eot_id|>", false, true));
        }
        if (name.equals("llama-spm")) {
            assertArrayEquals(new int[]{1, 15043}, tokenizer.encode("Hello", true, false));
        }
    }

    static String toTokenizerJson(String name, GgufMetadata meta) {
        List<String> tokens = meta.getStringArray("tokenizer.ggml.tokens");
        int[] types = meta.getIntArray("tokenizer.ggml.token_type");
        StringBuilder sb = new StringBuilder("{\"version\": \"1.0\", \"added_tokens\": [");
        boolean first = true;
        for (int id = 0; id < tokens.size(); id++) {
            if (types[id] != 3) continue;
            sb.append(first ? "" : ", ").append("{\"id\": ").append(id).append(", \"content\": ");
            quote(sb, tokens.get(id));
            sb.append(", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false, \"special\": true}");
            first = false;
        }
        sb.append("], ");
        List<String> merges;
        switch (name) {
            case "llama3" -> {
                sb.append("\"normalizer\": null, \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [")
                        .append("{\"type\": \"Split\", \"pattern\": {\"Regex\": ");
                quote(sb, LLAMA3_SPLIT);
                sb.append("}, \"behavior\": \"Isolated\", \"invert\": false}, ")
                        .append("{\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": false}]}, ")
                        .append("\"post_processor\": {\"type\": \"TemplateProcessing\", \"single\": [{\"SpecialToken\": {\"id\": \"<|begin_of_text|>\", \"type_id\": 0}}, ")
                        .append("{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"pair\": [{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"special_tokens\": {\"<|begin_of_text|>\": {\"id\": \"<|begin_of_text|>\", \"ids\": [128000], \"tokens\": [\"<|begin_of_text|>\"]}}}, ")
                        .append("\"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true}, ");
                merges = meta.getStringArray("tokenizer.ggml.merges");
            }
            case "gpt-2" -> {
                sb.append("\"normalizer\": null, \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true}, ")
                        .append("\"post_processor\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true}, ")
                        .append("\"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true}, ");
                merges = meta.getStringArray("tokenizer.ggml.merges");
            }
            default -> {
                sb.append("\"normalizer\": {\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"Prepend\", \"prepend\": \"\u2581\"}, ")
                        .append("{\"type\": \"Replace\", \"pattern\": {\"String\": \" \"}, \"content\": \"\u2581\"}]}, \"pre_tokenizer\": null, ")
                        .append("\"post_processor\": {\"type\": \"TemplateProcessing\", \"single\": [{\"SpecialToken\": {\"id\": \"<s>\", \"type_id\": 0}}, ")
                        .append("{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"pair\": [{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"special_tokens\": {\"<s>\": {\"id\": \"<s>\", \"ids\": [1], \"tokens\": [\"<s>\"]}}}, ")
                        .append("\"decoder\": {\"type\": \"Sequence\", \"decoders\": [{\"type\": \"Replace\", \"pattern\": {\"String\": \"\u2581\"}, \"content\": \" \"}, ")
                        .append("{\"type\": \"ByteFallback\"}, {\"type\": \"Fuse\"}, {\"type\": \"Strip\", \"content\": \" \", \"start\": 1, \"stop\": 0}]}, ");
                merges = spmMerges(tokens, meta.getFloatArray("tokenizer.ggml.scores"), types);
            }
        }
        boolean spm = name.equals("llama-spm");
        sb.append("\"model\": {\"type\": \"BPE\", \"dropout\": null, \"unk_token\": ").append(spm ? "\"<unk>\"" : "null")
                .append(", \"continuing_subword_prefix\": null, \"end_of_word_suffix\": null, \"fuse_unk\": ").append(spm).append(", \"byte_fallback\": ").append(spm)
                .append(", \"ignore_merges\": ").append(name.equals("llama3")).append(", \"vocab\": {");
        for (int id = 0; id < tokens.size(); id++) {
            if (id > 0) sb.append(", ");
            quote(sb, tokens.get(id));
            sb.append(": ").append(id);
        }
        sb.append("}, \"merges\": [");
        for (int i = 0; i < merges.size(); i++) {
            if (i > 0) sb.append(", ");
            quote(sb, merges.get(i));
        }
        return sb.append("]}}").toString();
    }

    /** Merges for a SentencePiece vocabulary: every split of a piece into two pieces, best-scoring piece first. */
    private static List<String> spmMerges(List<String> tokens, float[] scores, int[] types) {
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int id = 0; id < tokens.size(); id++) if (types[id] == 1) ids.put(tokens.get(id), id);
        Integer[] order = new Integer[tokens.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        List<String> merges = new ArrayList<>();
        for (int id : order) {
            if (types[id] != 1) continue;
            String piece = tokens.get(id);
            for (int cut = 1; cut < piece.length(); cut++) {
                if (Character.isLowSurrogate(piece.charAt(cut))) continue;
                String left = piece.substring(0, cut);
                String right = piece.substring(cut);
                if (ids.containsKey(left) && ids.containsKey(right)) merges.add(left + " " + right);
            }
        }
        return merges;
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('"');
    }
}
