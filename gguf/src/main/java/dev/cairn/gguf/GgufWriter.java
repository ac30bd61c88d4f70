package dev.cairn.gguf;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a GGUF v3 file: metadata in insertion order, then tensor infos, then tensor data, each tensor aligned
 * to {@code general.alignment} (32 unless that key is set). Values use the representation of
 * {@link GgufValueType}, so whatever {@link GgufMetadata#get} returned can be written back unchanged.
 */
public final class GgufWriter {
    private record Value(GgufValueType type, Object value) {}

    private record Tensor(String name, GgmlType type, long[] shape, MemorySegment data) {}

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private int version = 3;

    /** Writes GGUF version 2 instead of 3 (the layout is the same). */
    public GgufWriter version(int version) {
        if (version != 2 && version != 3) throw new IllegalArgumentException("GGUF version " + version + " (2 or 3)");
        this.version = version;
        return this;
    }

    /** Adds {@code key} with a value of {@code type}, represented as {@link GgufValueType} describes. */
    public GgufWriter put(String key, GgufValueType type, Object value) {
        checkValue(key, type, value);
        if (metadata.put(key, new Value(type, value)) != null) throw new IllegalArgumentException("duplicate key " + key);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public GgufWriter putUInt32(String key, long value) {
        if (value < 0 || value > 0xFFFFFFFFL) throw new IllegalArgumentException(key + ": " + value + " is not a UINT32");
        return put(key, GgufValueType.UINT32, value);
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValueType.INT32, value);
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    public GgufWriter putArray(String key, GgufArray array) {
        return put(key, GgufValueType.ARRAY, array);
    }

    public GgufWriter putStringArray(String key, List<String> values) {
        return putArray(key, new GgufArray(GgufValueType.STRING, List.copyOf(values)));
    }

    public GgufWriter putFloatArray(String key, float[] values) {
        return putArray(key, new GgufArray(GgufValueType.FLOAT32, values.clone()));
    }

    public GgufWriter putIntArray(String key, int[] values) {
        return putArray(key, new GgufArray(GgufValueType.INT32, values.clone()));
    }

    /** Adds a tensor; {@code shape} in ggml order (innermost first), {@code data} exactly its byte size. */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        long elements = 1;
        for (long d : shape) elements *= d;
        if (shape.length > 0 && shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": row length " + shape[0] + " is not a multiple of " + type + "'s block size " + type.blockSize());
        }
        if (data.byteSize() != type.byteSize(elements)) {
            throw new IllegalArgumentException(name + ": " + type + " " + java.util.Arrays.toString(shape) + " needs "
                    + type.byteSize(elements) + " bytes, got " + data.byteSize());
        }
        for (Tensor t : tensors) if (t.name.equals(name)) throw new IllegalArgumentException("duplicate tensor " + name);
        tensors.add(new Tensor(name, type, shape.clone(), data));
        return this;
    }

    public GgufWriter addTensor(String name, GgmlType type, long[] shape, byte[] data) {
        return addTensor(name, type, shape, MemorySegment.ofArray(data.clone()));
    }

    /** Adds an F32 tensor. */
    public GgufWriter addTensor(String name, long[] shape, float[] values) {
        return addTensor(name, GgmlType.F32, shape, MemorySegment.ofArray(values.clone()));
    }

    public void write(Path path) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void write(OutputStream stream) throws IOException {
        int alignment = alignment();
        Sink out = new Sink(stream);
        out.i32(GgufReader.MAGIC);
        out.i32(version);
        out.i64(tensors.size());
        out.i64(metadata.size());
        for (var e : metadata.entrySet()) {
            out.string(e.getKey());
            out.i32(e.getValue().type().id());
            value(out, e.getValue().type(), e.getValue().value());
        }
        long offset = 0;
        List<Long> offsets = new ArrayList<>();
        for (Tensor t : tensors) {
            out.string(t.name);
            out.i32(t.shape.length);
            for (long d : t.shape) out.i64(d);
            out.i32(t.type.id());
            out.i64(offset);
            offsets.add(offset);
            offset = GgufReader.alignUp(offset + t.data.byteSize(), alignment);
        }
        out.pad(alignment);
        long dataStart = out.written;
        for (int i = 0; i < tensors.size(); i++) {
            while (out.written < dataStart + offsets.get(i)) out.u8(0);
            out.bytes(tensors.get(i).data);
        }
        if (!tensors.isEmpty()) out.pad(alignment);
        out.flush();
    }

    private int alignment() {
        Value v = metadata.get("general.alignment");
        if (v == null) return GgufReader.DEFAULT_ALIGNMENT;
        if (!(v.value() instanceof Number n) || !v.type().isInteger() || n.longValue() <= 0 || Long.bitCount(n.longValue()) != 1) {
            throw new IllegalArgumentException("general.alignment must be a power-of-two integer, got " + v.value());
        }
        return n.intValue();
    }

    private static void value(Sink out, GgufValueType type, Object v) throws IOException {
        switch (type) {
            case UINT8, INT8, BOOL -> out.u8(v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).intValue());
            case UINT16, INT16 -> out.i16(((Number) v).intValue());
            case UINT32, INT32 -> out.i32(((Number) v).intValue());
            case UINT64, INT64 -> out.i64(((Number) v).longValue());
            case FLOAT32 -> out.i32(Float.floatToRawIntBits((Float) v));
            case FLOAT64 -> out.i64(Double.doubleToRawLongBits((Double) v));
            case STRING -> out.string((String) v);
            case ARRAY -> {
                GgufArray a = (GgufArray) v;
                out.i32(a.elementType().id());
                out.i64(a.size());
                switch (a.values()) {
                    case byte[] b -> { for (byte x : b) out.u8(x); }
                    case short[] s -> { for (short x : s) out.i16(x); }
                    case int[] ints -> { for (int x : ints) out.i32(x); }
                    case long[] l -> { for (long x : l) out.i64(x); }
                    case float[] f -> { for (float x : f) out.i32(Float.floatToRawIntBits(x)); }
                    case double[] d -> { for (double x : d) out.i64(Double.doubleToRawLongBits(x)); }
                    case boolean[] b -> { for (boolean x : b) out.u8(x ? 1 : 0); }
                    case List<?> list -> { for (Object x : list) value(out, a.elementType(), x); }
                    default -> throw new IllegalStateException();
                }
            }
        }
    }

    private static void checkValue(String key, GgufValueType type, Object v) {
        boolean ok = switch (type) {
            case UINT8, INT8, UINT16, INT16, INT32 -> v instanceof Integer;
            case UINT32, UINT64, INT64 -> v instanceof Long || v instanceof Integer;
            case FLOAT32 -> v instanceof Float;
            case FLOAT64 -> v instanceof Double;
            case BOOL -> v instanceof Boolean;
            case STRING -> v instanceof String;
            case ARRAY -> v instanceof GgufArray a && checkArray(a);
        };
        if (!ok) throw new IllegalArgumentException(key + ": " + v + " is not a valid " + type + " value");
    }

    private static boolean checkArray(GgufArray a) {
        if (a.values() instanceof List<?> list) {
            for (Object x : list) {
                boolean ok = a.elementType() == GgufValueType.STRING ? x instanceof String : x instanceof GgufArray g && checkArray(g);
                if (!ok) return false;
            }
        }
        return true;
    }

    /** Little-endian output that counts the bytes written. */
    private static final class Sink {
        private final OutputStream out;
        private final ByteBuffer buf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        long written;

        Sink(OutputStream out) {
            this.out = out;
        }

        void u8(int v) throws IOException {
            out.write(v);
            written++;
        }

        void i16(int v) throws IOException {
            out.write(buf.clear().putShort((short) v).array(), 0, 2);
            written += 2;
        }

        void i32(int v) throws IOException {
            out.write(buf.clear().putInt(v).array(), 0, 4);
            written += 4;
        }

        void i64(long v) throws IOException {
            out.write(buf.clear().putLong(v).array(), 0, 8);
            written += 8;
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            out.write(b);
            written += b.length;
        }

        void bytes(MemorySegment data) throws IOException {
            byte[] chunk = new byte[(int) Math.min(1 << 16, Math.max(1, data.byteSize()))];
            for (long at = 0; at < data.byteSize(); at += chunk.length) {
                int n = (int) Math.min(chunk.length, data.byteSize() - at);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, chunk, 0, n);
                out.write(chunk, 0, n);
                written += n;
            }
        }

        void pad(int alignment) throws IOException {
            while (written % alignment != 0) u8(0);
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
