package dev.cairn.rag;

import java.util.List;

/**
 * What an ingest did. Every file found is counted once in exactly one of added, updated, unchanged, skipped
 * (binary, too large) or failed (unreadable, broken); {@code removed} counts sources that disappeared.
 *
 * @param chunks       chunks written (of added and updated files)
 * @param invalidUtf8  files kept although they had invalid UTF-8, which was replaced by U+FFFD
 * @param problems     one line per skipped or failed file and per warning, naming the file
 */
public record IngestReport(int files, int added, int updated, int unchanged, int removed, int skipped, int failed,
                           long chunks, int invalidUtf8, double seconds, List<Problem> problems) {
    public IngestReport {
        problems = List.copyOf(problems);
    }

    public enum Severity { WARNING, SKIPPED, FAILED }

    public record Problem(String path, Severity severity, String message) {
        @Override
        public String toString() {
            return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + path + ": " + message;
        }
    }

    public double chunksPerSecond() {
        return seconds > 0 ? chunks / seconds : 0;
    }

    /** One line for a terminal. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%d files: %d added, %d updated, %d unchanged, %d removed, %d skipped, %d failed; %d chunks in %.1f s (%.1f chunks/s)",
                files, added, updated, unchanged, removed, skipped, failed, chunks, seconds, chunksPerSecond());
    }
}
