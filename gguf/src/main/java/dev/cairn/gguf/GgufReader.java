package dev.cairn.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the header, metadata and tensor infos of a GGUF file held in a memory segment. Every length and
 * count is checked against the bytes that remain before anything is allocated, so a corrupt file fails with
 * a {@link GgufFormatException} that names the byte offset, never with a huge allocation.
 */
final class GgufReader {
    static final int MAGIC = 0x46554747; // "GGUF" little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    static final int MAX_DIMS = 4;
    /** Nesting deeper than this is not a real file: arrays of arrays are rare and never this deep. */
    private static final int MAX_ARRAY_DEPTH = 8;
    /** Far above any real metadata (the largest vocabularies hold ~300k merges), far below a heap-sized allocation. */
    private static final int MAX_ARRAY_LENGTH = 1 << 26;
    private static final int MAX_STRING_BYTES = 1 << 26;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** What the header holds. */
    record Header(int version, GgufMetadata metadata, List<GgufTensorInfo> tensors, long dataOffset, int alignment) {}

    private final MemorySegment data;
    private final long size;
    private final String source;
    private long pos;

    private GgufReader(MemorySegment data, String source) {
        this.data = data;
        this.size = data.byteSize();
        this.source = source;
    }

    static Header read(MemorySegment data, String source) {
        return new GgufReader(data, source).readHeader();
    }

    private Header readHeader() {
        if (size < 4) throw error("is " + size + " bytes long, too short for a GGUF header");
        int magic = data.get(I32, 0);
        if (magic != MAGIC) {
            throw error("is not a GGUF file: it starts with bytes " + hex(magic) + ", expected 47 47 55 46 (\"GGUF\")");
        }
        pos = 4;
        int version = i32("version");
        if (version == 1) throw error("is GGUF version 1, which is no longer supported; convert it again with a current llama.cpp");
        if (version != 2 && version != 3) throw error("has GGUF version " + Integer.toUnsignedString(version) + "; only versions 2 and 3 are supported");
        long tensorCount = count("tensor count", 8 + 4 + 8 + 4 + 8); // smallest tensor info: name length, n_dims, type, offset
        long kvCount = count("metadata count", 8 + 4);             // smallest key/value: key length and type

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, GgufValueType> types = new HashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long at = pos;
            String key = string("key of metadata entry " + i);
            if (values.containsKey(key)) throw error("repeats metadata key '" + key + "' at byte " + at);
            GgufValueType type = valueType("metadata key '" + key + "'");
            values.put(key, value(type, "metadata key '" + key + "'", 0));
            types.put(key, type);
        }
        GgufMetadata metadata = new GgufMetadata(source, values, types);

        int alignment = DEFAULT_ALIGNMENT;
        if (values.containsKey("general.alignment")) {
            long a = values.get("general.alignment") instanceof Number n && types.get("general.alignment").isInteger() ? n.longValue() : -1;
            if (a <= 0 || a > (1 << 20) || Long.bitCount(a) != 1) {
                throw error("has general.alignment " + values.get("general.alignment") + "; it must be a power of two integer");
            }
            alignment = (int) a;
        }

        List<PendingTensor> pending = new ArrayList<>();
        Map<String, Boolean> names = new HashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            PendingTensor t = tensorInfo(i);
            if (names.put(t.name, Boolean.TRUE) != null) throw error("repeats tensor name '" + t.name + "'");
            pending.add(t);
        }
        long dataOffset = alignUp(pos, alignment);
        if (tensorCount > 0 && dataOffset > size) {
            throw error("is truncated: tensor data should start at byte " + dataOffset + " but the file has " + size + " bytes");
        }
        List<GgufTensorInfo> tensors = new ArrayList<>(pending.size());
        for (PendingTensor t : pending) tensors.add(t.place(dataOffset, alignment));
        return new Header(version, metadata, Collections.unmodifiableList(tensors), dataOffset, alignment);
    }

    /** A tensor info before the data section's start is known. */
    private record PendingTensor(String name, GgmlType type, long[] shape, long relativeOffset, long byteSize, GgufReader r) {
        GgufTensorInfo place(long dataOffset, int alignment) {
            if (relativeOffset % alignment != 0) {
                throw r.error("tensor " + name + ": offset " + relativeOffset + " is not a multiple of the alignment " + alignment);
            }
            long available = r.size - dataOffset;
            if (relativeOffset > available || byteSize > available - relativeOffset) {
                throw r.error("is truncated or corrupt: tensor " + name + " (" + type + ", " + byteSize + " bytes) at data offset "
                        + relativeOffset + " ends at byte " + (dataOffset + relativeOffset + byteSize)
                        + ", but the file ends at byte " + r.size);
            }
            return new GgufTensorInfo(name, type, shape, dataOffset + relativeOffset, byteSize);
        }
    }

    private PendingTensor tensorInfo(long index) {
        String name = string("name of tensor " + index);
        String what = "tensor " + name;
        int nDims = i32(what + " rank");
        if (nDims < 0 || nDims > MAX_DIMS) throw error(what + ": rank " + Integer.toUnsignedString(nDims) + " is not between 0 and " + MAX_DIMS);
        long[] shape = new long[nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long at = pos;
            long n = i64(what + " dimension " + d);
            if (n < 0) throw error(what + ": dimension " + d + " at byte " + at + " is negative (" + n + ")");
            if (n != 0 && elements > Long.MAX_VALUE / n) throw error(what + ": shape overflows 64 bits at dimension " + d + " (" + n + ")");
            elements *= n;
            shape[d] = n;
        }
        long typeAt = pos;
        int typeId = i32(what + " type");
        GgmlType type = GgmlType.ofId(typeId);
        if (type == null) {
            throw error(what + ": unknown tensor type id " + Integer.toUnsignedString(typeId) + " at byte " + typeAt
                    + " (a newer ggml type this reader does not know, or a corrupt file)");
        }
        if (nDims > 0 && shape[0] % type.blockSize() != 0) {
            throw error(what + ": type " + type + " stores blocks of " + type.blockSize() + " elements, but the row length "
                    + shape[0] + " is not a multiple of it");
        }
        if (elements / type.blockSize() > Long.MAX_VALUE / type.typeSize()) throw error(what + ": byte size overflows 64 bits");
        long byteSize = type.byteSize(elements);
        long offsetAt = pos;
        long offset = i64(what + " offset");
        if (offset < 0) throw error(what + ": data offset at byte " + offsetAt + " is negative (" + offset + ")");
        return new PendingTensor(name, type, shape, offset, byteSize, this);
    }

    private Object value(GgufValueType type, String what, int depth) {
        return switch (type) {
            case UINT8 -> u8(what);
            case INT8 -> (int) i8(what);
            case UINT16 -> i16(what) & 0xFFFF;
            case INT16 -> (int) i16(what);
            case UINT32 -> i32(what) & 0xFFFFFFFFL;
            case INT32 -> i32(what);
            case UINT64, INT64 -> i64(what);
            case FLOAT32 -> f32(what);
            case FLOAT64 -> f64(what);
            case BOOL -> bool(what);
            case STRING -> string(what);
            case ARRAY -> array(what, depth);
        };
    }

    private GgufArray array(String what, int depth) {
        if (depth >= MAX_ARRAY_DEPTH) throw error(what + ": arrays nested deeper than " + MAX_ARRAY_DEPTH + " levels at byte " + pos);
        GgufValueType elementType = valueType(what + " element");
        int n = (int) count(what, elementType.minBytes());
        if (n > MAX_ARRAY_LENGTH) throw error(what + ": array at byte " + (pos - 8) + " claims " + n + " elements, more than any GGUF metadata holds");
        long at = pos;
        Object values = switch (elementType) {
            case UINT8, INT8 -> bytes(n);
            case UINT16, INT16 -> {
                short[] a = new short[n];
                MemorySegment.copy(data, I16, at, a, 0, n);
                yield a;
            }
            case UINT32, INT32 -> {
                int[] a = new int[n];
                MemorySegment.copy(data, I32, at, a, 0, n);
                yield a;
            }
            case UINT64, INT64 -> {
                long[] a = new long[n];
                MemorySegment.copy(data, I64, at, a, 0, n);
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                MemorySegment.copy(data, F32, at, a, 0, n);
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                MemorySegment.copy(data, F64, at, a, 0, n);
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) a[i] = bool(what + " element " + i);
                yield a;
            }
            case STRING -> stringArray(what, n);
            case ARRAY -> {
                ArrayList<GgufArray> a = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) a.add(array(what + " element " + i, depth + 1));
                yield Collections.unmodifiableList(a);
            }
        };
        switch (elementType) {
            case STRING, ARRAY, BOOL -> {} // read element by element, pos already advanced
            default -> pos = at + (long) n * elementType.minBytes();
        }
        return new GgufArray(elementType, values);
    }

    private byte[] bytes(int n) {
        byte[] a = new byte[n];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, pos, a, 0, n);
        return a;
    }

    private GgufValueType valueType(String what) {
        long at = pos;
        int id = i32(what + " type");
        GgufValueType t = GgufValueType.ofId(id);
        if (t == null) throw error(what + ": unknown value type " + Integer.toUnsignedString(id) + " at byte " + at);
        return t;
    }

    private String string(String what) {
        int len = stringLength(what, -1);
        byte[] b = bytes(len);
        pos += len;
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Reads the length of the string at {@link #pos} (element {@code element} of an array, or -1), checked against
     * the bytes that remain, and moves past it. Messages are built only on failure: a vocabulary has 400k strings.
     */
    private int stringLength(String what, long element) {
        long at = pos;
        if (8 > size - pos) throw error("is truncated: reading " + element(what, element) + " length needs 8 bytes at byte " + pos
                + ", but the file has " + size + " bytes");
        long len = data.get(I64, pos);
        pos += 8;
        if (len < 0 || len > size - pos) {
            throw error("is truncated or corrupt: " + element(what, element) + " at byte " + at + " claims " + Long.toUnsignedString(len)
                    + " bytes, but only " + (size - pos) + " remain");
        }
        if (len > MAX_STRING_BYTES) {
            throw error(element(what, element) + " at byte " + at + " claims " + len + " bytes, more than any GGUF string holds");
        }
        return (int) len;
    }

    private static String element(String what, long element) {
        return element < 0 ? what : what + " element " + element;
    }

    /**
     * An array of {@code n} strings: their lengths are checked now and their bytes copied in one piece; each is
     * decoded when first read ({@link GgufStringList}), so a 128k vocabulary and its 280k merges cost one copy.
     */
    private List<String> stringArray(String what, int n) {
        long start = pos;
        int[] starts = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int len = stringLength(what, i);
            long relative = pos - start;
            if (relative + len > Integer.MAX_VALUE - 16) {
                throw error(what + ": the strings of the array at byte " + start + " take more than 2 GB");
            }
            starts[i] = (int) relative;
            pos += len;
        }
        starts[n] = (int) (pos - start) + 8;
        byte[] bytes = new byte[(int) (pos - start)];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, start, bytes, 0, bytes.length);
        return new GgufStringList(bytes, starts);
    }

    /** A u64 count of items of at least {@code minBytes} each, checked against the remaining bytes. */
    private long count(String what, int minBytes) {
        long at = pos;
        long n = i64(what + " count");
        long remaining = size - pos;
        if (n < 0 || n > remaining / minBytes) {
            throw error("is truncated or corrupt: " + what + " at byte " + at + " claims " + Long.toUnsignedString(n)
                    + " entries, but only " + remaining + " bytes remain");
        }
        if (n > Integer.MAX_VALUE - 8) throw error(what + " at byte " + at + " has more than 2^31 entries");
        return n;
    }

    private void need(long n, String what) {
        if (n > size - pos) {
            throw error("is truncated: reading " + what + " needs " + n + " bytes at byte " + pos + ", but the file has " + size + " bytes");
        }
    }

    private int u8(String what) {
        return i8(what) & 0xFF;
    }

    private byte i8(String what) {
        need(1, what);
        return data.get(ValueLayout.JAVA_BYTE, pos++);
    }

    private short i16(String what) {
        need(2, what);
        short v = data.get(I16, pos);
        pos += 2;
        return v;
    }

    private int i32(String what) {
        need(4, what);
        int v = data.get(I32, pos);
        pos += 4;
        return v;
    }

    private long i64(String what) {
        need(8, what);
        long v = data.get(I64, pos);
        pos += 8;
        return v;
    }

    private float f32(String what) {
        need(4, what);
        float v = data.get(F32, pos);
        pos += 4;
        return v;
    }

    private double f64(String what) {
        need(8, what);
        double v = data.get(F64, pos);
        pos += 8;
        return v;
    }

    private boolean bool(String what) {
        long at = pos;
        int b = u8(what);
        if (b > 1) throw error(what + ": boolean at byte " + at + " is " + b + ", not 0 or 1");
        return b == 1;
    }

    static long alignUp(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private GgufFormatException error(String message) {
        return new GgufFormatException(source + " " + message);
    }

    private static String hex(int littleEndian) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            if (i > 0) sb.append(' ');
            sb.append(String.format("%02x", (littleEndian >>> (8 * i)) & 0xFF));
        }
        return sb.toString();
    }
}
