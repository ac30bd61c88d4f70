package dev.cairn.rag.lucene;

import dev.cairn.rag.Chunk;
import dev.cairn.rag.DocumentUpdate;
import dev.cairn.rag.MetadataFilter;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The index layout. Each source has one {@code file} record (path, content hash, chunk count) and one
 * {@code chunk} record per chunk; both carry the path, so one delete-by-term removes a source entirely.
 * Chunk text and context (title and headings) are analyzed for BM25; the vector is indexed with cosine.
 */
final class Schema {
    static final int VERSION = 1;

    static final String KIND = "kind";
    static final String KIND_FILE = "file";
    static final String KIND_CHUNK = "chunk";
    static final String PATH = "path";
    static final String HASH = "hash";
    static final String CHUNK_COUNT = "chunks";
    static final String ID = "id";
    static final String ORDINAL = "ordinal";
    static final String TYPE = "type";
    static final String TAG = "tag";
    static final String TITLE = "title";
    static final String HEADING = "heading";
    static final String CONTEXT = "context";
    static final String TEXT = "text";
    static final String START = "start";
    static final String END = "end";
    static final String PAGE = "page";
    static final String VECTOR = "vector";

    private Schema() {}

    /** The codec that writes {@link #VECTOR} in the configured vector format; everything else is Lucene's default. */
    static Lucene104Codec codec(LuceneStoreOptions o) {
        KnnVectorsFormat format = switch (o.vectorFormat()) {
            case FLOAT32 -> new Lucene99HnswVectorsFormat(o.hnswM(), o.beamWidth());
            case INT8 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, o.hnswM(), o.beamWidth());
            case INT4 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.PACKED_NIBBLE, o.hnswM(), o.beamWidth());
        };
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    /** The Lucene documents of one source: its chunks, then its file record. */
    static List<Document> documents(DocumentUpdate u) {
        var docs = new ArrayList<Document>(u.chunks().size() + 1);
        for (int i = 0; i < u.chunks().size(); i++) docs.add(chunk(u.chunks().get(i), u.vectors().get(i)));
        var file = new Document();
        file.add(new StringField(KIND, KIND_FILE, Field.Store.NO));
        file.add(new StringField(PATH, u.path(), Field.Store.YES));
        file.add(new StoredField(HASH, u.contentHash()));
        file.add(new StoredField(CHUNK_COUNT, u.chunks().size()));
        docs.add(file);
        return docs;
    }

    private static Document chunk(Chunk c, float[] vector) {
        var d = new Document();
        d.add(new StringField(KIND, KIND_CHUNK, Field.Store.NO));
        d.add(new StringField(PATH, c.path(), Field.Store.YES));
        d.add(new StringField(ID, c.id(), Field.Store.YES));
        d.add(new StoredField(ORDINAL, c.ordinal()));
        d.add(new StringField(TYPE, c.type(), Field.Store.YES));
        for (String t : c.tags()) d.add(new StringField(TAG, t, Field.Store.YES));
        d.add(new StoredField(TITLE, c.title()));
        for (String h : c.headings()) d.add(new StoredField(HEADING, h));
        d.add(new TextField(CONTEXT, c.context(), Field.Store.NO));
        d.add(new TextField(TEXT, c.text(), Field.Store.YES));
        d.add(new StoredField(START, c.start()));
        d.add(new StoredField(END, c.end()));
        d.add(new StoredField(PAGE, c.page()));
        d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.COSINE));
        return d;
    }

    static Chunk chunk(Document d) {
        return new Chunk(d.get(PATH), intValue(d, ORDINAL), d.get(TYPE), d.get(TITLE),
                Arrays.asList(d.getValues(HEADING)), d.get(TEXT), intValue(d, START), intValue(d, END),
                intValue(d, PAGE), Set.of(d.getValues(TAG)));
    }

    static int intValue(Document d, String field) {
        return d.getField(field).numericValue().intValue();
    }

    static Query isChunk() {
        return new TermQuery(new Term(KIND, KIND_CHUNK));
    }

    static Query isFile() {
        return new TermQuery(new Term(KIND, KIND_FILE));
    }

    /** The filter as FILTER clauses added to {@code b}. */
    static void addFilter(BooleanQuery.Builder b, MetadataFilter f) {
        if (!f.pathPrefix().isEmpty()) b.add(new PrefixQuery(new Term(PATH, f.pathPrefix())), BooleanClause.Occur.FILTER);
        if (!f.types().isEmpty()) b.add(termSet(TYPE, f.types()), BooleanClause.Occur.FILTER);
        if (!f.tags().isEmpty()) b.add(termSet(TAG, f.tags()), BooleanClause.Occur.FILTER);
    }

    /** The filter as one query for kNN pre-filtering, or null when it filters nothing. */
    static Query filterQuery(MetadataFilter f) {
        if (f.isEmpty()) return null;
        var b = new BooleanQuery.Builder();
        b.add(isChunk(), BooleanClause.Occur.FILTER);
        addFilter(b, f);
        return b.build();
    }

    private static Query termSet(String field, Collection<String> values) {
        return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
    }
}
