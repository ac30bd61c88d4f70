package dev.cairn.mcp.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;

/**
 * Reads newline-delimited messages as raw UTF-8 bytes, with a bound on a line's length so a peer cannot
 * exhaust memory. A line over the bound is skipped to its end and reported as {@link #OVERSIZED}.
 */
final class LineReader {
    static final byte[] OVERSIZED = new byte[0];

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), {@link #OVERSIZED}, or null at end of input. */
    byte[] next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean oversized = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.size() == 0 && !oversized ? null : finish(line, oversized);
                }
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            if (!oversized) {
                if (line.size() + (pos - start) > maxLineBytes) {
                    oversized = true;
                    line.reset();
                } else {
                    line.write(buffer, start, pos - start);
                }
            }
            if (pos < limit) {
                pos++;
                return finish(line, oversized);
            }
        }
    }

    private static byte[] finish(ByteArrayOutputStream line, boolean oversized) {
        if (oversized) {
            return OVERSIZED;
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            byte[] trimmed = new byte[length - 1];
            System.arraycopy(bytes, 0, trimmed, 0, length - 1);
            return trimmed;
        }
        return bytes;
    }
}
