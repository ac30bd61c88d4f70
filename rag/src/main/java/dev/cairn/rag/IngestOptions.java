package dev.cairn.rag;

import java.util.List;
import java.util.Set;

/**
 * @param includes      globs of files to read, relative to each root; empty means the supported types
 * @param excludes      globs of files and folders to leave out
 * @param tags          tags given to every document ingested (besides those in Markdown front matter)
 * @param maxFileBytes  larger files are skipped
 * @param commitFiles   changed files per commit: a crash loses at most the batch in progress
 * @param embedBatch    chunks per call to the embedding model
 * @param maxChunks     a document that cuts into more chunks is skipped with a reason, not indexed in part
 */
public record IngestOptions(List<String> includes, List<String> excludes, Set<String> tags, long maxFileBytes,
                            int commitFiles, int embedBatch, int maxChunks) {
    public IngestOptions {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
        tags = Set.copyOf(tags);
        if (maxFileBytes < 1 || commitFiles < 1 || embedBatch < 1 || maxChunks < 1)
            throw new IllegalArgumentException("maxFileBytes, commitFiles, embedBatch and maxChunks must be positive");
    }

    /**
     * Supported types, no excludes, no tags, 64 MiB per file, a commit every 64 changed files, 32 chunks per batch,
     * at most 100,000 chunks per document.
     */
    public static IngestOptions defaults() {
        return new IngestOptions(List.of(), List.of(), Set.of(), 64L << 20, 64, 32, 100_000);
    }

    public IngestOptions withIncludes(String... globs) {
        return new IngestOptions(List.of(globs), excludes, tags, maxFileBytes, commitFiles, embedBatch, maxChunks);
    }

    public IngestOptions withExcludes(String... globs) {
        return new IngestOptions(includes, List.of(globs), tags, maxFileBytes, commitFiles, embedBatch, maxChunks);
    }

    public IngestOptions withTags(String... tags) {
        return new IngestOptions(includes, excludes, Set.of(tags), maxFileBytes, commitFiles, embedBatch, maxChunks);
    }

    public IngestOptions withMaxFileBytes(long max) {
        return new IngestOptions(includes, excludes, tags, max, commitFiles, embedBatch, maxChunks);
    }

    public IngestOptions withCommitFiles(int n) {
        return new IngestOptions(includes, excludes, tags, maxFileBytes, n, embedBatch, maxChunks);
    }

    public IngestOptions withMaxChunks(int max) {
        return new IngestOptions(includes, excludes, tags, maxFileBytes, commitFiles, embedBatch, max);
    }
}
