package dev.cairn.rag.lucene;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies an index folder without changing it: Lucene's {@link CheckIndex} (checksums and the structure of
 * every segment), then Cairn's own invariants: the commit records the embedding model, dimension and schema;
 * every source file has exactly one file record with a content hash; its chunk count matches the chunks stored
 * for it, with ordinals 0..n-1 and unique ids; every chunk has a vector of the recorded dimension and belongs to
 * a file record. Used by {@code cairn index check}.
 */
public final class IndexVerifier {
    private static final int MAX_PROBLEMS = 20;

    private IndexVerifier() {}

    /** The outcome: the counts read and each problem found, one line each (none when the index is sound). */
    public record Report(Path dir, String model, int dimension, long files, long chunks, int segments, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Checks the index at {@code dir}; a folder without an index is a report with that one problem. */
    public static Report check(Path dir) {
        var problems = new ArrayList<String>();
        if (!Files.isDirectory(dir)) {
            return new Report(dir, null, 0, 0, 0, 0, List.of("no index folder at " + dir));
        }
        try (Directory directory = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(directory)) {
                return new Report(dir, null, 0, 0, 0, 0, List.of("no Lucene commit (segments_N file) in " + dir));
            }
            SegmentInfos infos;
            try {
                infos = SegmentInfos.readLatestCommit(directory);
            } catch (IOException | RuntimeException e) {
                return new Report(dir, null, 0, 0, 0, 0, List.of("the commit point cannot be read: " + oneLine(e)));
            }
            Map<String, String> data = infos.getUserData();
            String model = data.get(LuceneChunkStore.MODEL);
            int dimension = parseDimension(data.get(LuceneChunkStore.DIMENSION), problems);
            if (model == null) problems.add("the commit records no embedding model (not a Cairn index)");
            if (!String.valueOf(Schema.VERSION).equals(data.get(LuceneChunkStore.SCHEMA))) {
                problems.add("the commit records schema " + data.get(LuceneChunkStore.SCHEMA) + ", this Cairn reads schema " + Schema.VERSION);
            }
            if (!luceneCheck(directory, problems)) {
                return new Report(dir, model, dimension, 0, 0, infos.size(), problems);
            }
            var counts = cairnCheck(directory, dimension, problems);
            return new Report(dir, model, dimension, counts[0], counts[1], infos.size(), cap(problems));
        } catch (IOException e) {
            problems.add("cannot read " + dir + ": " + oneLine(e));
            return new Report(dir, null, 0, 0, 0, 0, problems);
        }
    }

    private static int parseDimension(String d, List<String> problems) {
        if (d == null) {
            problems.add("the commit records no vector dimension");
            return 0;
        }
        try {
            int n = Integer.parseInt(d);
            if (n <= 0) problems.add("the commit records dimension " + n);
            return n;
        } catch (NumberFormatException e) {
            problems.add("the commit records dimension '" + d + "', not a number");
            return 0;
        }
    }

    /** Lucene's own check of every segment; false when the index cannot be read further. */
    private static boolean luceneCheck(Directory directory, List<String> problems) {
        var log = new ByteArrayOutputStream();
        try (CheckIndex checker = new CheckIndex(directory)) {
            checker.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8), false);
            CheckIndex.Status status = checker.checkIndex();
            if (status.clean) return true;
            if (status.missingSegments) problems.add("Lucene: segment files named by the commit are missing");
            for (CheckIndex.Status.SegmentInfoStatus s : status.segmentInfos) {
                String error = firstError(s);
                if (error != null) problems.add("Lucene: segment " + s.name + " is damaged: " + error);
            }
            if (problems.isEmpty()) problems.add("Lucene: the index is not clean: " + lastLines(log.toString(StandardCharsets.UTF_8)));
            return false;
        } catch (IOException | RuntimeException e) {
            problems.add("Lucene: " + oneLine(e));
            return false;
        }
    }

    /** The error that made Lucene fail {@code s}, or null when the segment is sound. */
    private static String firstError(CheckIndex.Status.SegmentInfoStatus s) {
        Throwable t = s.error;
        for (Throwable sub : new Throwable[] {
                s.liveDocStatus == null ? null : s.liveDocStatus.error,
                s.fieldInfoStatus == null ? null : s.fieldInfoStatus.error,
                s.storedFieldStatus == null ? null : s.storedFieldStatus.error,
                s.termIndexStatus == null ? null : s.termIndexStatus.error,
                s.vectorValuesStatus == null ? null : s.vectorValuesStatus.error,
                s.docValuesStatus == null ? null : s.docValuesStatus.error}) {
            if (t == null) t = sub;
        }
        if (t == null) return null;
        String lost = s.toLoseDocCount > 0 ? " (" + s.toLoseDocCount + " Lucene documents in it)" : "";
        return oneLine(t) + lost;
    }

    /** Cairn's invariants; returns {files, chunks}. */
    private static long[] cairnCheck(Directory directory, int dimension, List<String> problems) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            var searcher = new IndexSearcher(reader);
            var declared = new HashMap<String, Integer>(); // path -> chunk count from its file record
            var stored = new HashMap<String, BitSet>(); // path -> ordinals of its chunks
            var chunkCount = new HashMap<String, Integer>();
            Set<String> ids = new HashSet<>();
            long files = 0, chunks = 0;
            for (LeafReaderContext leaf : reader.leaves()) {
                LeafReader r = leaf.reader();
                StoredFields fields = r.storedFields();
                Bits live = r.getLiveDocs();
                BitSet fileDocs = matches(searcher, leaf, Schema.isFile());
                BitSet chunkDocs = matches(searcher, leaf, Schema.isChunk());
                for (int doc = fileDocs.nextSetBit(0); doc >= 0; doc = fileDocs.nextSetBit(doc + 1)) {
                    if (live != null && !live.get(doc)) continue;
                    files++;
                    Document d = fields.document(doc);
                    String path = d.get(Schema.PATH);
                    if (path == null) {
                        problems.add("a file record without a path");
                        continue;
                    }
                    if (d.get(Schema.HASH) == null) problems.add(path + ": the file record has no content hash");
                    var n = d.getField(Schema.CHUNK_COUNT);
                    if (declared.put(path, n == null ? -1 : n.numericValue().intValue()) != null) {
                        problems.add(path + ": more than one file record (a document indexed twice)");
                    }
                }
                FieldInfo vectorField = r.getFieldInfos().fieldInfo(Schema.VECTOR);
                if (vectorField != null && dimension > 0 && vectorField.getVectorDimension() != dimension) {
                    problems.add("segment vectors have " + vectorField.getVectorDimension() + " dimensions, the commit records " + dimension);
                }
                BitSet withVector = new BitSet();
                FloatVectorValues vectors = r.getFloatVectorValues(Schema.VECTOR);
                if (vectors != null) {
                    var it = vectors.iterator();
                    for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) withVector.set(doc);
                }
                for (int doc = chunkDocs.nextSetBit(0); doc >= 0; doc = chunkDocs.nextSetBit(doc + 1)) {
                    if (live != null && !live.get(doc)) continue;
                    chunks++;
                    Document d = fields.document(doc);
                    String path = d.get(Schema.PATH), id = d.get(Schema.ID);
                    var ordinal = d.getField(Schema.ORDINAL);
                    if (path == null || id == null || ordinal == null) {
                        problems.add("a chunk without a path, id or ordinal (document " + doc + " of a segment)");
                        continue;
                    }
                    if (!ids.add(id)) problems.add(path + ": chunk id " + id + " is stored twice");
                    if (!withVector.get(doc)) problems.add(path + ": chunk " + ordinal.numericValue() + " has no vector");
                    stored.computeIfAbsent(path, p -> new BitSet()).set(ordinal.numericValue().intValue());
                    chunkCount.merge(path, 1, Integer::sum);
                }
            }
            for (var e : chunkCount.entrySet()) {
                Integer n = declared.get(e.getKey());
                if (n == null) problems.add(e.getKey() + ": " + e.getValue() + " chunk(s) but no file record");
                else if (n != (int) e.getValue() || stored.get(e.getKey()).nextClearBit(0) != n) {
                    problems.add(e.getKey() + ": the file record says " + n + " chunk(s), the index holds " + e.getValue()
                            + " with ordinals " + stored.get(e.getKey()));
                }
            }
            for (var e : declared.entrySet()) {
                if (e.getValue() > 0 && !chunkCount.containsKey(e.getKey())) {
                    problems.add(e.getKey() + ": the file record says " + e.getValue() + " chunk(s), the index holds none");
                }
            }
            return new long[] {files, chunks};
        }
    }

    private static BitSet matches(IndexSearcher searcher, LeafReaderContext leaf, Query query) throws IOException {
        var out = new BitSet();
        Weight w = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        Scorer s = w.scorer(leaf);
        if (s == null) return out;
        var it = s.iterator();
        for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) out.set(doc);
        return out;
    }

    private static List<String> cap(List<String> problems) {
        if (problems.size() <= MAX_PROBLEMS) return problems;
        var out = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
        out.add("... and " + (problems.size() - MAX_PROBLEMS) + " more");
        return out;
    }

    /** The deepest cause's class and message, on one line (Lucene wraps the useful one). */
    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return m.replace('\n', ' ');
    }

    private static String lastLines(String log) {
        String[] lines = log.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
