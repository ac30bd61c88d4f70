package dev.cairn.gguf;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GgufWriterTest {

    @Test
    void roundTripsEveryValueTypeAndTensors(@TempDir Path dir) {
        GgufArray nested = new GgufArray(GgufValueType.ARRAY, List.of(
                new GgufArray(GgufValueType.INT16, new short[] {-1, 2}),
                new GgufArray(GgufValueType.STRING, List.of("a", "ü")),
                new GgufArray(GgufValueType.ARRAY, List.of(new GgufArray(GgufValueType.BOOL, new boolean[] {true})))));
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "llama")
                .put("general.alignment", GgufValueType.UINT32, 64L)
                .put("u8", GgufValueType.UINT8, 200)
                .put("i8", GgufValueType.INT8, -100)
                .put("u16", GgufValueType.UINT16, 60000)
                .put("i16", GgufValueType.INT16, -30000)
                .putUInt32("u32", 4000000000L)
                .putInt32("i32", -7)
                .putFloat32("f32", 0.25f)
                .putBool("bool", true)
                .put("u64", GgufValueType.UINT64, -1L)
                .put("i64", GgufValueType.INT64, 1L << 40)
                .put("f64", GgufValueType.FLOAT64, Math.PI)
                .putStringArray("strings", List.of("<s>", "", "héllo"))
                .putFloatArray("floats", new float[] {1f, -2.5f})
                .putIntArray("ints", new int[] {3, -4})
                .putArray("u8s", new GgufArray(GgufValueType.UINT8, new byte[] {(byte) 255, 1}))
                .putArray("f64s", new GgufArray(GgufValueType.FLOAT64, new double[] {0.5}))
                .putArray("nested", nested)
                .addTensor("a", new long[] {3}, new float[] {1, 2, 3})
                .addTensor("b", GgmlType.Q8_0, new long[] {32, 2}, new byte[68])
                .addTensor("c", new long[] {2, 2}, new float[] {5, 6, 7, 8});
        Path file = dir.resolve("t.gguf");
        w.write(file);

        try (GgufFile g = GgufFile.open(file)) {
            assertEquals(3, g.version());
            assertEquals(64, g.alignment());
            GgufMetadata md = g.metadata();
            assertEquals(List.of("general.architecture", "general.alignment", "u8", "i8", "u16", "i16", "u32", "i32", "f32",
                    "bool", "u64", "i64", "f64", "strings", "floats", "ints", "u8s", "f64s", "nested"), List.copyOf(md.keys()));
            assertEquals(200, md.getInt("u8"));
            assertEquals(-100, md.getInt("i8"));
            assertEquals(60000, md.getInt("u16"));
            assertEquals(-30000, md.getInt("i16"));
            assertEquals(4000000000L, md.getLong("u32"));
            assertThrows(GgufFormatException.class, () -> md.getInt("u32"));
            assertEquals(-7, md.getInt("i32"));
            assertEquals(0.25f, md.getFloat("f32"));
            assertTrue(md.getBoolean("bool", false));
            assertThrows(GgufFormatException.class, () -> md.getLong("u64")); // 2^64-1 is beyond a long
            assertEquals(-1L, md.get("u64"));
            assertEquals(1L << 40, md.getLong("i64"));
            assertEquals((float) Math.PI, md.getFloat("f64"));
            assertEquals(List.of("<s>", "", "héllo"), md.getStringArray("strings"));
            assertArrayEquals(new float[] {1f, -2.5f}, md.getFloatArray("floats"));
            assertArrayEquals(new int[] {3, -4}, md.getIntArray("ints"));
            assertArrayEquals(new int[] {255, 1}, md.getIntArray("u8s"));
            assertArrayEquals(new float[] {0.5f}, md.getFloatArray("f64s"));
            GgufArray back = (GgufArray) md.get("nested");
            assertEquals(3, back.size());
            @SuppressWarnings("unchecked") List<GgufArray> inner = (List<GgufArray>) back.values();
            assertArrayEquals(new short[] {-1, 2}, (short[]) inner.get(0).values());
            assertEquals(List.of("a", "ü"), inner.get(1).values());
            assertThrows(GgufFormatException.class, () -> md.getStringArray("nested"));

            assertEquals(3, g.tensors().size());
            for (GgufTensorInfo t : g.tensors()) assertEquals(0, t.offset() % 64, t.toString());
            MemorySegment c = g.tensorData("c");
            assertEquals(8f, c.get(ValueLayout.JAVA_FLOAT_UNALIGNED, 12));
            assertEquals(GgmlType.Q8_0, g.tensor("b").type());
            assertEquals(68, g.tensor("b").byteSize());

            // what the reader returned writes back byte-identically
            GgufWriter copy = new GgufWriter();
            for (String k : md.keys()) copy.put(k, md.type(k).orElseThrow(), md.get(k));
            for (GgufTensorInfo t : g.tensors()) copy.addTensor(t.name(), t.type(), t.shape(), g.tensorData(t));
            assertArrayEquals(w.toBytes(), copy.toBytes());
        }
    }

    @Test
    void rewritesAFixtureIdentically(@TempDir Path dir) {
        try (GgufFile g = GgufFile.open(Fixtures.fixture("models/stories260K.gguf"))) {
            GgufWriter copy = new GgufWriter();
            for (String k : g.metadata().keys()) copy.put(k, g.metadata().type(k).orElseThrow(), g.metadata().get(k));
            for (GgufTensorInfo t : g.tensors()) copy.addTensor(t.name(), t.type(), t.shape(), g.tensorData(t));
            Path file = dir.resolve("copy.gguf");
            copy.write(file);
            try (GgufFile back = GgufFile.open(file)) {
                assertEquals(g.tensors(), back.tensors());
                assertEquals(g.metadata().getStringArray("tokenizer.ggml.tokens"), back.metadata().getStringArray("tokenizer.ggml.tokens"));
                for (GgufTensorInfo t : g.tensors()) {
                    assertEquals(-1, g.tensorData(t).mismatch(back.tensorData(t.name())), t.name());
                }
            }
        }
    }

    @Test
    void writesVersion2() {
        byte[] bytes = new GgufWriter().version(2).putString("k", "v").toBytes();
        GgufReader.Header h = GgufReader.read(MemorySegment.ofArray(bytes), "v2");
        assertEquals(2, h.version());
        assertEquals("v", h.metadata().getString("k"));
    }

    @Test
    void rejectsInconsistentTensors() {
        GgufWriter w = new GgufWriter();
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x", GgmlType.Q4_0, new long[] {16}, new byte[9]));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x", GgmlType.F32, new long[] {4}, new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> w.put("k", GgufValueType.UINT32, "no"));
    }
}
