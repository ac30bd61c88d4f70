package dev.cairn.gguf;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Corrupt files fail with a {@link GgufFormatException} whose message says what is wrong and where. */
class GgufValidationTest {

    private static GgufFormatException rejects(byte[] bytes, String... expectedFragments) {
        var e = assertThrows(GgufFormatException.class, () -> GgufReader.read(MemorySegment.ofArray(bytes), "test.gguf"));
        for (String f : expectedFragments) assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        return e;
    }

    private static byte[] patch(byte[] bytes, int at, long value, int width) {
        byte[] b = bytes.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (width == 4) bb.putInt(at, (int) value); else bb.putLong(at, value);
        return b;
    }

    /** A file with one metadata key "k" (an array) and one tensor "t" (F32 [8, 2]). */
    private static byte[] small() {
        return new GgufWriter()
                .putFloatArray("k", new float[] {1, 2, 3})
                .addTensor("t", new long[] {8, 2}, new float[16])
                .toBytes();
    }

    // layout of small(): header 24 bytes; key "k": len 8 + 1; type 4; elem type 4; count 8 at 41; floats 12;
    // tensor info at 61: name len 8 + 1, n_dims 4 at 70, dims 8+8 at 74/82, type 4 at 90, offset 8 at 94
    private static final int ARRAY_COUNT = 41, N_DIMS = 70, DIM0 = 74, DIM1 = 82, TYPE = 90, OFFSET = 94;

    @Test
    void layoutAssumptionsHold() {
        byte[] b = small();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3, bb.getLong(ARRAY_COUNT));
        assertEquals(2, bb.getInt(N_DIMS));
        assertEquals(8, bb.getLong(DIM0));
        assertEquals(2, bb.getLong(DIM1));
        assertEquals(0, bb.getInt(TYPE));
        assertEquals(0, bb.getLong(OFFSET));
        assertDoesNotThrow(() -> GgufReader.read(MemorySegment.ofArray(b), "ok"));
    }

    @Test
    void badMagicAndVersion() {
        byte[] b = small();
        rejects(patch(b, 0, 0x464C457F, 4), "not a GGUF file", "7f 45 4c 46");
        rejects(patch(b, 4, 1, 4), "version 1");
        rejects(patch(b, 4, 4, 4), "version 4", "2 and 3");
        rejects(new byte[0], "0 bytes");
        rejects(Arrays.copyOf(b, 6), "truncated");
    }

    @Test
    void absurdCountsFailWithoutAllocating() {
        byte[] b = small();
        rejects(patch(b, 8, 1L << 60, 8), "tensor count", "claims");
        rejects(patch(b, 16, 1L << 60, 8), "metadata count", "claims");
        rejects(patch(b, 24, 1L << 60, 8), "key of metadata entry 0", "claims 1152921504606846976 bytes");
        rejects(patch(b, ARRAY_COUNT, 1L << 60, 8), "metadata key 'k'", "claims");
        rejects(patch(b, ARRAY_COUNT, -1L, 8), "18446744073709551615");
    }

    @Test
    void badTensorInfos() {
        byte[] b = small();
        rejects(patch(b, N_DIMS, 5, 4), "tensor t", "rank 5");
        rejects(patch(b, DIM0, -8, 8), "tensor t", "negative");
        byte[] huge = patch(patch(b, DIM0, 1L << 40, 8), DIM1, 1L << 40, 8);
        rejects(huge, "tensor t", "overflows");
        rejects(patch(b, TYPE, 99, 4), "tensor t", "unknown tensor type id 99");
        rejects(patch(b, TYPE, GgmlType.Q4_K.id(), 4), "tensor t", "Q4_K", "256", "row length 8");
        rejects(patch(b, OFFSET, 4, 8), "tensor t", "not a multiple of the alignment 32");
        rejects(patch(b, OFFSET, 1L << 50, 8), "tensor t", "file ends at byte");
        rejects(patch(b, DIM1, 1000, 8), "tensor t", "32000 bytes", "file ends at byte " + b.length);
        rejects(Arrays.copyOf(b, b.length - 1), "tensor t", "file ends at byte " + (b.length - 1));
    }

    @Test
    void badAlignmentAndDuplicates() {
        byte[] aligned = new GgufWriter().put("general.alignment", GgufValueType.INT32, 32).toBytes();
        int value = 24 + 8 + "general.alignment".length() + 4;
        rejects(patch(aligned, value, 0, 4), "general.alignment");
        rejects(patch(aligned, value, 48, 4), "general.alignment", "power of two");
        byte[] stringAlignment = new GgufWriter().putString("general.alignmenT", "32").toBytes();
        stringAlignment[24 + 8 + "general.alignment".length() - 1] = 't'; // the writer refuses a string alignment
        rejects(stringAlignment, "general.alignment", "power of two");
        byte[] twoKeys = new GgufWriter().putString("a", "x").putString("b", "y").toBytes();
        // rename key "b" to "a"
        byte[] dup = twoKeys.clone();
        dup[24 + 8 + 1 + 4 + 8 + 1 + 8] = 'a';
        rejects(dup, "repeats metadata key 'a'");
    }

    @Test
    void openReportsUnreadableFile(@TempDir Path dir) {
        var e = assertThrows(GgufFormatException.class, () -> GgufFile.open(dir.resolve("absent.gguf")));
        assertTrue(e.getMessage().contains("absent.gguf"), e.getMessage());
    }

    /**
     * Seeded bit flips and truncations of real files: every mutation either still parses (and every value and
     * tensor slice is then readable) or fails with a GgufFormatException carrying a message.
     */
    @Test
    @Timeout(120) // a mutated length must never make the reader loop or allocate its way into the ground
    void fuzzedFixturesFailCleanly(@TempDir Path dir) throws IOException {
        List<String> fixtures = List.of("models/stories260K.gguf", "models/syn-qwen3moe-q8_0.gguf", "tokenizers/ggml-vocab-gpt-2.gguf");
        Random random = new Random(20261123);
        int rejected = 0, accepted = 0;
        for (String name : fixtures) {
            byte[] original = Files.readAllBytes(Fixtures.fixture(name));
            long headerEnd;
            try (GgufFile g = GgufFile.open(Fixtures.fixture(name))) {
                headerEnd = g.dataOffset();
            }
            for (int i = 0; i < 150; i++) {
                byte[] mutated;
                if (i % 3 == 0) {
                    mutated = Arrays.copyOf(original, random.nextInt(i % 2 == 0 ? (int) headerEnd : original.length));
                } else {
                    mutated = original.clone();
                    int flips = 1 + random.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        // mostly in the header (where structure lives), biased towards its first bytes and length fields
                        int at = random.nextInt(4) == 0 ? random.nextInt(64) : (int) (random.nextDouble() * headerEnd);
                        mutated[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                try {
                    GgufReader.Header h = GgufReader.read(MemorySegment.ofArray(mutated), "mutant-" + i);
                    for (String k : h.metadata().keys()) assertNotNull(h.metadata().get(k));
                    MemorySegment all = MemorySegment.ofArray(mutated);
                    for (GgufTensorInfo t : h.tensors()) all.asSlice(t.offset(), t.byteSize());
                    accepted++;
                } catch (GgufFormatException e) {
                    assertNotNull(e.getMessage());
                    assertTrue(e.getMessage().startsWith("mutant-" + i + " "), e.getMessage());
                    rejected++;
                }
            }
            // and through a real mapped file, once per fixture
            Path truncated = dir.resolve("truncated.gguf");
            Files.write(truncated, Arrays.copyOf(original, original.length / 2));
            var e = assertThrows(GgufFormatException.class, () -> GgufFile.open(truncated).close());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        assertTrue(rejected > 100, "rejected " + rejected + ", accepted " + accepted);
    }
}
