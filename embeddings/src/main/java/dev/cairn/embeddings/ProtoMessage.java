package dev.cairn.embeddings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the protobuf wire format to edit an ONNX model in place: a message read as its fields in wire order
 * (payloads stay ranges of the source array, nothing is decoded or copied eagerly), and a writer that assembles a new
 * message from those ranges and a few new fields, copying the large ones (weights) once, into the final array.
 */
final class ProtoMessage {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    /** One field: its number, wire type, the whole encoded field (tag included) and its payload. */
    record Field(int number, int wireType, byte[] src, int start, int end, int payloadStart, long varint) {
        /** A length-delimited payload as a message of its own. */
        List<Field> message() {
            return parse(src, payloadStart, end);
        }

        String string() {
            return new String(src, payloadStart, end - payloadStart, StandardCharsets.UTF_8);
        }
    }

    private ProtoMessage() {}

    /** The fields of the message in {@code src[from, to)}; throws {@link IllegalArgumentException} if malformed. */
    static List<Field> parse(byte[] src, int from, int to) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {from};
        while (pos[0] < to) {
            int start = pos[0];
            long tag = readVarint(src, pos, to);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (number < 1) throw new IllegalArgumentException("bad field number at byte " + start);
            switch (wireType) {
                case VARINT -> {
                    int payload = pos[0];
                    long v = readVarint(src, pos, to);
                    fields.add(new Field(number, wireType, src, start, pos[0], payload, v));
                }
                case FIXED64, FIXED32 -> {
                    int payload = pos[0];
                    pos[0] += wireType == FIXED64 ? 8 : 4;
                    if (pos[0] > to) throw new IllegalArgumentException("truncated field " + number);
                    fields.add(new Field(number, wireType, src, start, pos[0], payload, 0));
                }
                case LENGTH_DELIMITED -> {
                    long len = readVarint(src, pos, to);
                    int payload = pos[0];
                    if (len < 0 || len > to - payload) throw new IllegalArgumentException("truncated field " + number);
                    pos[0] = payload + (int) len;
                    fields.add(new Field(number, wireType, src, start, pos[0], payload, len));
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType + " at byte " + start);
            }
        }
        return fields;
    }

    private static long readVarint(byte[] src, int[] pos, int to) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= to) throw new IllegalArgumentException("truncated varint");
            byte b = src[pos[0]++];
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) return v;
        }
        throw new IllegalArgumentException("varint too long");
    }

    /** A message under construction: a list of byte ranges, copied only by {@link #toByteArray()}. */
    static final class Writer {
        private final List<byte[]> sources = new ArrayList<>();
        private final List<int[]> ranges = new ArrayList<>();
        private long size;

        /** Copies an existing field (tag and payload) unchanged. */
        Writer field(Field f) {
            return raw(f.src(), f.start(), f.end());
        }

        Writer string(int number, String value) {
            return bytes(number, value.getBytes(StandardCharsets.UTF_8));
        }

        Writer bytes(int number, byte[] value) {
            tag(number, LENGTH_DELIMITED);
            varint(value.length);
            return raw(value, 0, value.length);
        }

        Writer varintField(int number, long value) {
            tag(number, VARINT);
            return varint(value);
        }

        /** A length-delimited field holding another message. */
        Writer message(int number, Writer message) {
            tag(number, LENGTH_DELIMITED);
            varint(message.size);
            sources.addAll(message.sources);
            ranges.addAll(message.ranges);
            size += message.size;
            return this;
        }

        long size() {
            return size;
        }

        byte[] toByteArray() {
            if (size > Integer.MAX_VALUE - 16) throw new IllegalStateException("message too large: " + size + " bytes");
            byte[] out = new byte[(int) size];
            int at = 0;
            for (int i = 0; i < sources.size(); i++) {
                int[] r = ranges.get(i);
                System.arraycopy(sources.get(i), r[0], out, at, r[1] - r[0]);
                at += r[1] - r[0];
            }
            return out;
        }

        private Writer tag(int number, int wireType) {
            return varint(((long) number << 3) | wireType);
        }

        private Writer varint(long v) {
            byte[] b = new byte[10];
            int n = 0;
            while ((v & ~0x7fL) != 0) {
                b[n++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            b[n++] = (byte) v;
            return raw(b, 0, n);
        }

        private Writer raw(byte[] src, int from, int to) {
            sources.add(src);
            ranges.add(new int[]{from, to});
            size += to - from;
            return this;
        }
    }
}
