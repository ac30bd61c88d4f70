package dev.cairn.rag.load;

import dev.cairn.rag.RagException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text decoded from a file's bytes. UTF-8 unless a UTF-16 byte order mark says otherwise; each invalid byte
 * sequence becomes U+FFFD and is counted in {@code replaced}. Line endings are normalized to {@code \n}.
 * A file where more than a tenth of the characters are invalid is not text in UTF-8 and is rejected.
 */
record Decoded(String text, int replaced) {
    static final double MAX_INVALID_FRACTION = 0.10;

    static Decoded of(String name, byte[] bytes) {
        int n = bytes.length;
        if (n >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff)
            return new Decoded(normalize(new String(bytes, 2, n - 2, StandardCharsets.UTF_16BE)), 0);
        if (n >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)
            return new Decoded(normalize(new String(bytes, 2, n - 2, StandardCharsets.UTF_16LE)), 0);
        int offset = n >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, n - offset);
        CharBuffer out = CharBuffer.allocate(n - offset + 1);
        int replaced = 0;
        while (true) {
            // always called, even with nothing left: flush() needs a decode(..., true) first (an empty file)
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                out.put('\uFFFD');
                in.position(in.position() + r.length());
                replaced++;
            } else if (r.isUnderflow()) {
                decoder.flush(out);
                break;
            } else {
                throw new IllegalStateException("decoder overflow on " + name);
            }
        }
        out.flip();
        String text = out.toString();
        if (replaced > 0 && replaced > MAX_INVALID_FRACTION * Math.max(1, text.length()))
            throw new RagException(name + ": not UTF-8 text (" + replaced + " invalid byte sequences in "
                    + text.length() + " characters)");
        return new Decoded(normalize(text), replaced);
    }

    private static String normalize(String s) {
        return s.indexOf('\r') < 0 ? s : s.replace("\r\n", "\n").replace('\r', '\n');
    }
}
