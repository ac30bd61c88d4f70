package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A Q4_0, Q4_K or Q6_K matrix rearranged at load for the integer decode kernels of {@link IntKernels}.
 *
 * <p>In ggml's layout one block's quants sit together, so a 512-bit register holds the elements of one or two
 * blocks and every block ends in a horizontal sum. Here a register holds element {@code i} of 32 consecutive
 * blocks (lanes {@code j}): multiplying by the int8 activations and adding up over {@code i} leaves each lane
 * with its block's integer dot product, 32 blocks at a time, in 16-bit lanes, with no horizontal step and no
 * widening of weights to floats. A <em>group</em> is those 32 blocks: 1024 weights for the 32-element blocks of
 * Q4_0 and Q4_K's sub-blocks, 512 for Q6_K's 16-element sub-blocks. Within a group, the position of lane
 * {@code j}'s element {@code i} is {@code 32i + j} ({@link #column}); activations are quantized into the same
 * order ({@link QuantizedInput}), and prefill decodes rows to floats in it ({@link #decodeRow}).
 *
 * <p>Group layouts (little-endian; a row is {@code groups} of them, the last padded with zero blocks):
 * <ul>
 * <li>Q4_0, 576 bytes (ggml's 18 per block): 16 × 32 bytes, byte {@code j} of the {@code k}-th holding
 *     elements {@code k} (low nibble) and {@code k + 16} (high) of block {@code j} as signed {@code q − 8};
 *     then the blocks' f16 scales as 16 ints, int {@code m} = scale {@code m} | scale {@code m + 16} {@code << 16}.
 * <li>Q4_K, 608 bytes (ggml's 576 per 1024 weights): the nibbles as for Q4_0 ({@code q − 8} of the 32
 *     sub-blocks of four super-blocks), the 32 six-bit scales and the 32 mins as bytes, then the four
 *     super-blocks' {@code d} and {@code dmin} as floats.
 * <li>Q6_K, 424 bytes (ggml's 420 per 512 weights): 8 × 32 bytes of low nibbles (elements {@code k} and
 *     {@code k + 8} of sub-block {@code j}), 4 × 32 bytes of top bit pairs (elements {@code t, t + 4, t + 8,
 *     t + 12} at bits 0, 2, 4, 6), the 32 int8 sub-block scales, then the two super-blocks' {@code d} as floats.
 * </ul>
 * The rearranged copy lives off the heap in the model's arena; the file's pages it was read from are released
 * ({@link MemorySegment#unload}), so the resident set stays near the file's size.
 */
final class Repacked {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    /** Off with {@code -Dcairn.llm.repack=false}: the kernels of {@link RowKernels} then read the file in place. */
    static final boolean ENABLED = RowKernels.ENABLED && !"false".equals(System.getProperty("cairn.llm.repack"));

    final GgmlType type;
    final MemorySegment data;
    final int rows, cols, groups;
    final long rowBytes;

    private Repacked(GgmlType type, MemorySegment data, int rows, int cols, int groups) {
        this.type = type;
        this.data = data;
        this.rows = rows;
        this.cols = cols;
        this.groups = groups;
        this.rowBytes = groups * groupBytes(type);
    }

    /** Elements per block (lane) of {@code type}'s groups. */
    static int laneLength(GgmlType type) {
        return type == GgmlType.Q6_K ? 16 : 32;
    }

    /** Elements per group. */
    static int groupLength(GgmlType type) {
        return 32 * laneLength(type);
    }

    static long groupBytes(GgmlType type) {
        return switch (type) {
            case Q4_0 -> 576;
            case Q4_K -> 608;
            case Q6_K -> 424;
            default -> throw new IllegalArgumentException(type + " is not repacked");
        };
    }

    /**
     * Whether a matrix of {@code type} with rows of {@code cols} is worth repacking: the type has integer kernels
     * and padding the rows to whole groups adds at most 15% (or the rows are shorter than a group: small models,
     * where the padding costs little).
     */
    static boolean supports(GgmlType type, int cols) {
        if (!ENABLED) return false;
        if (type != GgmlType.Q4_0 && type != GgmlType.Q4_K && type != GgmlType.Q6_K) return false;
        int g = groupLength(type);
        long padded = (long) Math.ceilDiv(cols, g) * g;
        return cols < g || padded * 100 <= cols * 115L;
    }

    /** The padded row length. */
    int paddedCols() {
        return groups * groupLength(type);
    }

    /** The original column of position {@code p} of a repacked row (or ≥ cols for padding). */
    static int column(GgmlType type, int p) {
        int lane = laneLength(type), per = 32 * lane;
        int g = p / per, r = p % per;
        return lane * (32 * g + (r & 31)) + (r >> 5);
    }

    /** Rearranges {@code rows} rows of {@code cols} from ggml's layout at {@code src}, on the compute threads. */
    static Repacked of(GgmlType type, MemorySegment src, int rows, int cols, Arena arena) {
        int groups = Math.ceilDiv(cols, groupLength(type));
        // 64 spare bytes: a group's float scales are read as one 512-bit vector that may run past the last group
        MemorySegment data = arena.allocate(groups * groupBytes(type) * rows + 64, 64);
        Repacked r = new Repacked(type, data, rows, cols, groups);
        long srcRowBytes = type.byteSize(cols);
        Parallel.forRows(rows, 16, (from, to) -> {
            for (int row = from; row < to; row++) r.repackRow(src, row * srcRowBytes, row * r.rowBytes);
        });
        if (src.isMapped()) src.unload();
        return r;
    }

    private void repackRow(MemorySegment src, long s, long d) {
        switch (type) {
            case Q4_0 -> q4_0(src, s, d);
            case Q4_K -> q4_k(src, s, d);
            case Q6_K -> q6_k(src, s, d);
            default -> throw new IllegalStateException();
        }
    }

    private void q4_0(MemorySegment src, long s, long d) {
        int blocks = cols / 32;
        for (int g = 0; g < groups; g++, d += 576) {
            for (int j = 0; j < 32; j++) {
                int b = 32 * g + j;
                if (b >= blocks) continue; // padding: zero quants, zero scale
                long o = s + 18L * b;
                // q − 8 as a signed nibble is q ^ 8, for both nibbles of a byte at once
                for (int k = 0; k < 16; k++) data.set(BYTE, d + 32 * k + j, (byte) (src.get(BYTE, o + 2 + k) ^ 0x88));
                data.set(SHORT, d + 512 + 4 * (j & 15) + 2 * (j >> 4), src.get(SHORT, o));
            }
        }
    }

    private void q4_k(MemorySegment src, long s, long d) {
        int superBlocks = cols / 256;
        for (int g = 0; g < groups; g++, d += 608) {
            for (int sbl = 0; sbl < 4; sbl++) {
                int sb = 4 * g + sbl;
                if (sb >= superBlocks) continue;
                long o = s + 144L * sb;
                data.set(FLOAT, d + 576 + 4 * sbl, Quant.f16(src, o));
                data.set(FLOAT, d + 592 + 4 * sbl, Quant.f16(src, o + 2));
                long low = src.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE), o + 4);
                int high = src.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE), o + 12);
                for (int sub = 0; sub < 8; sub++) {
                    int j = 8 * sbl + sub;
                    data.set(BYTE, d + 512 + j, (byte) RowKernels.scale(low, high, sub));
                    data.set(BYTE, d + 544 + j, (byte) RowKernels.min(low, high, sub));
                    for (int k = 0; k < 16; k++) {
                        int lo = nibble4K(src, o, sub, k), hi = nibble4K(src, o, sub, k + 16);
                        data.set(BYTE, d + 32 * k + j, (byte) ((lo ^ 8) | (hi ^ 8) << 4));
                    }
                }
            }
        }
    }

    /** Element {@code e} of Q4_K sub-block {@code sub}: nibble {@code sub % 2} of byte {@code 32(sub / 2) + e}. */
    private static int nibble4K(MemorySegment src, long o, int sub, int e) {
        int b = src.get(BYTE, o + 16 + 32 * (sub >> 1) + e) & 0xFF;
        return (sub & 1) == 0 ? b & 0xF : b >> 4;
    }

    private void q6_k(MemorySegment src, long s, long d) {
        int superBlocks = cols / 256;
        for (int g = 0; g < groups; g++, d += 424) {
            for (int sbl = 0; sbl < 2; sbl++) {
                int sb = 2 * g + sbl;
                if (sb >= superBlocks) continue;
                long o = s + 210L * sb;
                data.set(FLOAT, d + 416 + 4 * sbl, Quant.f16(src, o + 208));
                for (int sub = 0; sub < 16; sub++) {
                    int j = 16 * sbl + sub;
                    data.set(BYTE, d + 384 + j, src.get(BYTE, o + 192 + sub));
                    int[] u = new int[16];
                    for (int i = 0; i < 16; i++) u[i] = q6(src, o, 16 * sub + i);
                    for (int k = 0; k < 8; k++) data.set(BYTE, d + 32 * k + j, (byte) ((u[k] & 0xF) | (u[k + 8] & 0xF) << 4));
                    for (int t = 0; t < 4; t++) {
                        int h = u[t] >> 4 | (u[t + 4] >> 4) << 2 | (u[t + 8] >> 4) << 4 | (u[t + 12] >> 4) << 6;
                        data.set(BYTE, d + 256 + 32 * t + j, (byte) h);
                    }
                }
            }
        }
    }

    /**
     * The unsigned 6-bit quant of element {@code e} of the Q6_K super-block at {@code o}: for {@code e = 128n + 32k
     * + l}, the low four bits are a nibble ({@code k / 2}) of ql byte {@code 64n + 32(k % 2) + l}, the top two are
     * bits {@code 2k} of qh byte {@code 32n + l}.
     */
    private static int q6(MemorySegment src, long o, int e) {
        int n = e >> 7, k = (e >> 5) & 3, l = e & 31;
        int ql = src.get(BYTE, o + 64 * n + 32 * (k & 1) + l) & 0xFF;
        int qh = src.get(BYTE, o + 128 + 32 * n + l) & 0xFF;
        return ((ql >> (4 * (k >> 1))) & 0xF) | ((qh >> (2 * k)) & 3) << 4;
    }

    /** {@code out[i] = row(firstRow + i) · x} for {@code i} in {@code [from, to)}, {@code x} already quantized. */
    void matvec(QuantizedInput x, float[] out, int firstRow, int from, int to) {
        short[] sums = SUMS.get();
        if (sums.length < 32 * ROWS * groups) SUMS.set(sums = new short[32 * ROWS * groups]);
        for (int i = from; i < to; i += ROWS) {
            int rows = Math.min(ROWS, to - i);
            long o = (firstRow + i) * rowBytes;
            switch (type) {
                case Q4_0 -> IntKernels.q4_0(data, o, groups, rows, x.q, x.scale, sums, out, i);
                case Q4_K -> IntKernels.q4_k(data, o, groups, rows, x.q, x.scale, x.sum, sums, out, i);
                case Q6_K -> {
                    int[] ints = INT_SUMS.get();
                    if (ints.length < 32 * ROWS * groups) INT_SUMS.set(ints = new int[32 * ROWS * groups]);
                    IntKernels.q6_k(data, o, groups, rows, x.q, x.scale, ints, out, i);
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    /** Rows per kernel call: their integer sums stay in the first-level cache (16 × 2048 × 2 bytes for 8192-wide rows). */
    private static final int ROWS = 16;

    /** A compute thread's scratch for a row's integer group sums. */
    private static final ThreadLocal<short[]> SUMS = ThreadLocal.withInitial(() -> new short[0]);
    private static final ThreadLocal<int[]> INT_SUMS = ThreadLocal.withInitial(() -> new int[0]);
    /** A compute thread's scratch for a decoded row's per-block scales and offsets. */
    private static final ThreadLocal<float[]> SCALES = ThreadLocal.withInitial(() -> new float[0]);

    /** Decodes row {@code row} to floats in the repacked order ({@link #column}), {@link #paddedCols} of them. */
    void decodeRow(int row, float[] out) {
        long o = row * rowBytes;
        float[] ab = SCALES.get();
        if (ab.length < 64 * groups) SCALES.set(ab = new float[64 * groups]);
        switch (type) {
            case Q4_0 -> IntKernels.decodeQ4_0(data, o, groups, out, ab);
            case Q4_K -> IntKernels.decodeQ4_K(data, o, groups, out, ab);
            case Q6_K -> IntKernels.decodeQ6_K(data, o, groups, out, ab);
            default -> throw new IllegalStateException();
        }
    }

    /** {@code out[p] = x[column(p)]}, zero for padding: activations in the order of {@link #decodeRow}. */
    void permute(float[] x, float[] out) {
        int lane = laneLength(type), per = 32 * lane;
        for (int g = 0, c = 0; g < groups; g++) {
            for (int j = 0; j < 32; j++) {
                for (int i = 0; i < lane; i++, c++) out[per * g + 32 * i + j] = c < cols ? x[c] : 0f;
            }
        }
    }

    long bytes() {
        return rowBytes * rows;
    }
}
