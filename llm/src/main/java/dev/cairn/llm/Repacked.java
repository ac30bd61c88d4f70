package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;

import java.lang.foreign.Arena;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
        MemorySegment data = AnonymousMemory.allocate(groups * groupBytes(type) * rows + 64, arena);
        Repacked r = new Repacked(type, data, rows, cols, groups);
        long srcRowBytes = type.byteSize(cols);
        Parallel.forRows(rows, 16, (from, to) -> {
            // row by row through arrays: one bulk copy in and out, plain array indexing between
            byte[] in = new byte[(int) srcRowBytes], out = new byte[(int) r.rowBytes];
            for (int row = from; row < to; row++) {
                MemorySegment.copy(src, ValueLayout.JAVA_BYTE, row * srcRowBytes, in, 0, in.length);
                java.util.Arrays.fill(out, (byte) 0);
                r.repackRow(in, out);
                MemorySegment.copy(out, 0, data, ValueLayout.JAVA_BYTE, row * r.rowBytes, out.length);
            }
        });
        if (src.isMapped()) src.unload();
        return r;
    }

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, LE);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, LE);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, LE);
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, LE);

    private static float f16(byte[] b, int at) {
        return Float.float16ToFloat((short) SHORT_LE.get(b, at));
    }

    private void repackRow(byte[] in, byte[] out) {
        switch (type) {
            case Q4_0 -> q4_0(in, out);
            case Q4_K -> q4_k(in, out);
            case Q6_K -> q6_k(in, out);
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Transposes the 8 × 8 bytes in {@code a} ({@code a[r]}'s byte {@code i} is element {@code (r, i)}) in place:
     * swaps of bytes, byte pairs and byte quads between rows, three rounds of masks and shifts.
     */
    static void transpose8x8(long[] a) {
        for (int r = 0; r < 8; r += 2) {
            long t = ((a[r] >>> 8) ^ a[r + 1]) & 0x00FF00FF00FF00FFL;
            a[r + 1] ^= t;
            a[r] ^= t << 8;
        }
        for (int i = 0; i < 4; i++) { // rows 0, 1, 4, 5 with 2, 3, 6, 7
            int r = i + (i & 2);
            long t = ((a[r] >>> 16) ^ a[r + 2]) & 0x0000FFFF0000FFFFL;
            a[r + 2] ^= t;
            a[r] ^= t << 16;
        }
        for (int r = 0; r < 4; r++) {
            long t = ((a[r] >>> 32) ^ a[r + 4]) & 0x00000000FFFFFFFFL;
            a[r + 4] ^= t;
            a[r] ^= t << 32;
        }
    }

    private void q4_0(byte[] in, byte[] out) {
        int blocks = cols / 32;
        long[] a = new long[8];
        for (int b0 = 0; b0 < blocks; b0 += 8) {
            int d = 576 * (b0 >> 5), j0 = b0 & 31;
            for (int h = 0; h < 2; h++) { // quant bytes 0-7, then 8-15: elements k = 8h ..
                for (int r = 0; r < 8; r++) {
                    // q − 8 as a signed nibble is q ^ 8, for both nibbles of a byte at once; padding blocks stay zero
                    a[r] = b0 + r < blocks ? (long) LONG_LE.get(in, 18 * (b0 + r) + 2 + 8 * h) ^ 0x8888888888888888L : 0L;
                }
                transpose8x8(a);
                for (int k = 0; k < 8; k++) LONG_LE.set(out, d + 32 * (8 * h + k) + j0, a[k]);
            }
            for (int r = 0; r < 8 && b0 + r < blocks; r++) {
                int j = j0 + r, o = 18 * (b0 + r), at = d + 512 + 4 * (j & 15) + 2 * (j >> 4);
                out[at] = in[o];
                out[at + 1] = in[o + 1];
            }
        }
    }

    private void q4_k(byte[] in, byte[] out) {
        long[] a = new long[8], c = new long[8];
        for (int sb = 0; sb < cols / 256; sb++) {
            int d = 608 * (sb >> 2), sbl = sb & 3, o = 144 * sb;
            FLOAT_LE.set(out, d + 576 + 4 * sbl, f16(in, o));
            FLOAT_LE.set(out, d + 592 + 4 * sbl, f16(in, o + 2));
            long low = (long) LONG_LE.get(in, o + 4);
            int high = (int) INT_LE.get(in, o + 12);
            for (int sub = 0; sub < 8; sub++) {
                out[d + 512 + 8 * sbl + sub] = (byte) RowKernels.scale(low, high, sub);
                out[d + 544 + 8 * sbl + sub] = (byte) RowKernels.min(low, high, sub);
                // element e of sub-block sub: nibble (sub % 2) of byte 32(sub / 2) + e; out: (q_k − 8) | (q_{k+16} − 8) << 4
                int q = o + 16 + 32 * (sub >> 1), shift = 4 * (sub & 1);
                a[sub] = pairNibbles((long) LONG_LE.get(in, q), (long) LONG_LE.get(in, q + 16), shift);
                c[sub] = pairNibbles((long) LONG_LE.get(in, q + 8), (long) LONG_LE.get(in, q + 24), shift);
            }
            transpose8x8(a);
            transpose8x8(c);
            for (int k = 0; k < 8; k++) {
                LONG_LE.set(out, d + 32 * k + 8 * sbl, a[k]);
                LONG_LE.set(out, d + 32 * (k + 8) + 8 * sbl, c[k]);
            }
        }
    }

    /** Eight bytes {@code (lo_k − 8) | (hi_k − 8) << 4} from the nibbles at {@code shift} of {@code lo}'s and {@code hi}'s bytes. */
    private static long pairNibbles(long lo, long hi, int shift) {
        long m = 0x0F0F0F0F0F0F0F0FL, eight = 0x0808080808080808L;
        return (((lo >>> shift) & m) ^ eight) | ((((hi >>> shift) & m) ^ eight) << 4);
    }

    private void q6_k(byte[] in, byte[] out) {
        int[] u = new int[256];
        for (int sb = 0; sb < cols / 256; sb++) {
            int d = 424 * (sb >> 1), sbl = sb & 1, o = 210 * sb;
            FLOAT_LE.set(out, d + 416 + 4 * sbl, f16(in, o + 208));
            q6(in, o, u);
            for (int sub = 0; sub < 16; sub++) {
                int j = 16 * sbl + sub, e = 16 * sub;
                out[d + 384 + j] = in[o + 192 + sub];
                for (int k = 0; k < 8; k++) out[d + 32 * k + j] = (byte) ((u[e + k] & 0xF) | (u[e + k + 8] & 0xF) << 4);
                for (int t = 0; t < 4; t++) {
                    out[d + 256 + 32 * t + j] = (byte) (u[e + t] >> 4 | (u[e + t + 4] >> 4) << 2 | (u[e + t + 8] >> 4) << 4 | (u[e + t + 12] >> 4) << 6);
                }
            }
        }
    }

    /**
     * The unsigned 6-bit quants of the Q6_K super-block at {@code o}, in order: for each half {@code n}, byte
     * {@code l} of ql's first 32 bytes gives elements {@code 128n + l} (low nibble) and {@code + 64} (high), byte
     * {@code l + 32} elements {@code + 32} and {@code + 96}; bit pairs 0, 2, 4, 6 of qh byte {@code 32n + l} top
     * them in the same order.
     */
    private static void q6(byte[] in, int o, int[] u) {
        for (int n = 0; n < 2; n++) {
            int ql = o + 64 * n, qh = o + 128 + 32 * n, e = 128 * n;
            for (int l = 0; l < 32; l++) {
                int a = in[ql + l] & 0xFF, b = in[ql + 32 + l] & 0xFF, h = in[qh + l] & 0xFF;
                u[e + l] = (a & 0xF) | (h & 3) << 4;
                u[e + l + 32] = (b & 0xF) | ((h >> 2) & 3) << 4;
                u[e + l + 64] = (a >> 4) | ((h >> 4) & 3) << 4;
                u[e + l + 96] = (b >> 4) | ((h >> 6) & 3) << 4;
            }
        }
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
