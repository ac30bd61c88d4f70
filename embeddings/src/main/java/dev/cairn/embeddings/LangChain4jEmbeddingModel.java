package dev.cairn.embeddings;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingInputType;
import dev.langchain4j.model.embedding.request.EmbeddingParameter;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.request.EmbeddingRequestParameters;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.embedding.response.EmbeddingResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Cairn's {@link EmbeddingService} as a LangChain4j {@link EmbeddingModel}, for LangChain4j embedding stores,
 * ingestors and retrievers:
 * <pre>{@code
 * EmbeddingModel model = new LangChain4jEmbeddingModel(OnnxEmbeddingService.load("bge-small-en-v1.5"));
 * }</pre>
 * Texts are embedded as passages, as LangChain4j's own in-process models embed everything. A request with
 * {@code inputType(EmbeddingInputType.QUERY)} embeds its texts as queries (with the model's query prefix, e.g. BGE's
 * instruction). Token usage is reported as LangChain4j's in-process models report it (tokens without [CLS] and
 * [SEP], after truncation) when the service is an {@link OnnxEmbeddingService}.
 *
 * <p>Closing the adapter is not needed; close the service when done.
 */
public final class LangChain4jEmbeddingModel implements EmbeddingModel {
    private final EmbeddingService service;

    public LangChain4jEmbeddingModel(EmbeddingService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public EmbeddingResponse doEmbed(EmbeddingRequest request) {
        List<String> texts = request.inputs().stream().map(EmbeddingInput::text).toList();
        boolean query = request.inputType() == EmbeddingInputType.QUERY;
        List<float[]> vectors;
        TokenUsage usage = null;
        if (service instanceof OnnxEmbeddingService onnx) {
            var config = onnx.config();
            var embedded = onnx.embed(texts, query ? config.queryPrefix() : config.passagePrefix());
            vectors = embedded.vectors();
            usage = new TokenUsage(Math.toIntExact(embedded.tokens()));
        } else if (query) {
            vectors = texts.stream().map(service::embedQuery).toList();
        } else {
            vectors = service.embedPassages(texts);
        }
        return EmbeddingResponse.builder()
                .embeddings(vectors.stream().map(Embedding::from).toList())
                .metadata(EmbeddingResponseMetadata.builder().modelName(service.modelName()).tokenUsage(usage).build())
                .build();
    }

    @Override
    public Set<EmbeddingParameter<?>> supportedParameters() {
        return Set.of(EmbeddingRequestParameters.INPUT_TYPE);
    }

    @Override
    public int dimension() {
        return service.dimension();
    }

    @Override
    public String modelName() {
        return service.modelName();
    }

    /** The wrapped service. */
    public EmbeddingService service() {
        return service;
    }
}
