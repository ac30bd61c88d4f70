package dev.cairn.embeddings;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInputType;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.exception.UnsupportedFeatureException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LangChain4jEmbeddingModelTest {

    @Test
    void dropInReplacementForLangChain4jsOwnModel() {
        EmbeddingModel cairn = new LangChain4jEmbeddingModel(TestModels.miniLm());
        EmbeddingModel theirs = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<TextSegment> segments = OnnxEmbeddingServiceTest.mixedTexts(10).stream().map(TextSegment::from).toList();

        Response<List<Embedding>> ours = cairn.embedAll(segments);
        Response<List<Embedding>> expected = theirs.embedAll(segments);
        assertEquals(segments.size(), ours.content().size());
        for (int i = 0; i < segments.size(); i++) {
            assertTrue(TestModels.cosine(expected.content().get(i).vector(), ours.content().get(i).vector()) >= 0.9999);
        }
        assertEquals(expected.tokenUsage().inputTokenCount(), ours.tokenUsage().inputTokenCount());

        Response<Embedding> one = cairn.embed("Normandy is a region in France.");
        assertTrue(TestModels.cosine(theirs.embed("Normandy is a region in France.").content().vector(),
                one.content().vector()) >= 0.9999);
        assertEquals(384, cairn.dimension());
        assertEquals("all-minilm-l6-v2-q", cairn.modelName());
        assertEquals(0, cairn.embedAll(List.of()).content().size());
    }

    @Test
    void queryInputTypeUsesTheQueryPrefix() {
        var bge = TestModels.bge();
        EmbeddingModel model = new LangChain4jEmbeddingModel(bge);
        String q = "when were the normans in normandy?";
        var response = model.embed(EmbeddingRequest.builder().input(q).inputType(EmbeddingInputType.QUERY).build());
        assertArrayEquals(bge.embedQuery(q), response.embeddings().getFirst().vector(), 1e-5f);
        var asDocument = model.embed(EmbeddingRequest.builder().input(q).inputType(EmbeddingInputType.DOCUMENT).build());
        assertArrayEquals(bge.embedPassages(List.of(q)).getFirst(), asDocument.embeddings().getFirst().vector(), 1e-5f);
        assertEquals("bge-small-en-v1.5", response.modelName());
    }

    @Test
    void anyEmbeddingServiceCanBeAdapted() {
        EmbeddingService fake = new EmbeddingService() {
            public List<float[]> embedPassages(List<String> texts) {
                return texts.stream().map(t -> new float[]{t.length(), 0}).toList();
            }
            public float[] embedQuery(String query) { return new float[]{0, query.length()}; }
            public int dimension() { return 2; }
            public String modelName() { return "fake"; }
            public void close() {}
        };
        EmbeddingModel model = new LangChain4jEmbeddingModel(fake);
        assertArrayEquals(new float[]{3, 0}, model.embed("abc").content().vector());
        var q = model.embed(EmbeddingRequest.builder().input("ab").inputType(EmbeddingInputType.QUERY).build());
        assertArrayEquals(new float[]{0, 2}, q.embeddings().getFirst().vector());
        assertEquals(2, model.dimension());
    }

    @Test
    void unsupportedParametersAreRefused() {
        EmbeddingModel model = new LangChain4jEmbeddingModel(TestModels.miniLm());
        assertThrows(UnsupportedFeatureException.class,
                () -> model.embed(EmbeddingRequest.builder().input("x").dimensions(128).build()));
    }
}
