package dev.cairn.cli;

import dev.cairn.rag.Ingestor;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Ingest progress on stderr: a bar redrawn in place when stderr is a terminal, a plain line every few seconds
 * otherwise (logs, CI), nothing when quiet.
 */
final class IngestProgress implements Ingestor.Progress {
    enum Style { BAR, LINES, NONE }

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final Style style;
    private final long t0 = System.nanoTime();
    private final long intervalNanos;
    private long last;
    private boolean drawn;

    IngestProgress(PrintWriter err, Style style) {
        this.err = err;
        this.style = style;
        this.intervalNanos = style == Style.BAR ? 100_000_000L : 5_000_000_000L;
        this.last = t0;
    }

    /** BAR when the process's stderr is a terminal, LINES otherwise, NONE when quiet. */
    static Style style(boolean quiet) {
        if (quiet) return Style.NONE;
        return stderrIsTerminal() ? Style.BAR : Style.LINES;
    }

    /** Whether file descriptor 2 is a terminal (Linux: a link to /dev/pts/N or /dev/ttyN). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void update(int done, int total, Path file) {
        if (style == Style.NONE) return;
        long now = System.nanoTime();
        if (done < total && now - last < intervalNanos) return;
        last = now;
        double seconds = (now - t0) / 1e9;
        if (style == Style.LINES) {
            err.printf(Locale.ROOT, "cairn ingest: %d/%d files (%d%%), %.0f s%n", done, total, percent(done, total), seconds);
        } else {
            int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            if (name.length() > 30) name = "…" + name.substring(name.length() - 29);
            err.printf(Locale.ROOT, "\r\033[K%3d%% [%s%s] %d/%d files %.0f s %s", percent(done, total),
                    "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, seconds, name);
            drawn = true;
        }
        err.flush();
    }

    /** Clears the bar, so the summary starts on a clean line. */
    void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private static int percent(int done, int total) {
        return total == 0 ? 100 : (int) (100L * done / total);
    }
}
