package dev.cairn.spring;

import dev.cairn.embeddings.EmbeddingException;
import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.embeddings.OnnxEmbeddingService;
import dev.cairn.rag.Chunker;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.nio.file.Path;

/**
 * The embedding model, the chunker and, when {@code cairn.index.path} is set, the Lucene index on disk with the
 * ingestion of {@code cairn.ingest.paths} at start-up. Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(CairnProperties.class)
public class CairnIndexAutoConfiguration {

    /** The ONNX embedding model named by {@code cairn.embeddings.model}; closed with the context. */
    @Bean
    @ConditionalOnMissingBean
    EmbeddingService cairnEmbeddingService(CairnProperties properties) {
        String model = properties.embeddings().model();
        try {
            return OnnxEmbeddingService.load(model);
        } catch (EmbeddingException e) {
            throw new CairnSpringException("cannot load the embedding model cairn.embeddings.model=" + model + ": " + e.getMessage(), e);
        }
    }

    /**
     * Chunks of at most 256 tokens of the embedding model (fewer if it sees fewer) with 32 tokens of overlap, as
     * {@code cairn ingest} makes them, so an index built by the CLI and one built here agree.
     */
    @Bean
    @ConditionalOnMissingBean
    Chunker cairnChunker(EmbeddingService model) {
        if (model instanceof OnnxEmbeddingService onnx) {
            int budget = Math.min(256, onnx.config().maxSequenceLength() - 2);
            return new Chunker(budget, Math.min(32, budget / 4), onnx::countTokens, onnx.modelName());
        }
        return Chunker.defaults();
    }

    /** The index at {@code cairn.index.path}: opened for writing (created if new) unless read-only. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "cairn.index", name = "path")
    RagIndex cairnIndex(CairnProperties properties, EmbeddingService model, Chunker chunker) {
        CairnProperties.Index index = properties.index();
        Path dir = index.path();
        if (index.readOnly() && !properties.ingest().paths().isEmpty()) {
            throw new CairnSpringException("cairn.index.read-only=true but cairn.ingest.paths is set: a read-only index "
                    + dir + " cannot be ingested into (drop one of the two)");
        }
        var store = index.readOnly()
                ? LuceneChunkStore.openReadOnly(dir, model.modelName(), model.dimension())
                : LuceneChunkStore.open(dir, model.modelName(), model.dimension(), LuceneStoreOptions.defaults());
        return new RagIndex(store, model, chunker);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "cairn.index", name = "path")
    StartupIngest cairnStartupIngest(RagIndex index, CairnProperties properties) {
        return new StartupIngest(index, properties.ingest());
    }
}
