package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufTensorInfo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A weight tensor read in place from the mapped GGUF file, seen as rows of {@code cols} elements (ggml's
 * innermost dimension); every further dimension just adds rows, so the experts of a MoE tensor
 * {@code [cols, rows, experts]} are rows {@code e·rows ..}. Its kernels come from the tensor's {@link Quant}.
 */
final class FloatTensor {
    private final String name;
    private final Quant quant;
    private final MemorySegment data;
    private final int cols;
    private final int rows;
    private final long rowBytes;
    private final boolean vectorized;
    /** Whether the two-row decode kernels and vector row decoders of {@link RowKernels} serve this tensor. */
    private final boolean rowKernels;
    /** The rearranged copy the integer kernels read ({@link Repacked}), or null: the kernels read {@code data}. */
    private final Repacked repacked;

    private FloatTensor(String name, Quant quant, MemorySegment data, int cols, int rows, Repacked repacked) {
        this.name = name;
        this.quant = quant;
        this.data = data;
        this.cols = cols;
        this.rows = rows;
        this.rowBytes = quant.type().byteSize(cols);
        this.vectorized = VectorKernels.supports(quant);
        this.rowKernels = RowKernels.supports(quant.type()) && cols % 32 == 0;
        this.repacked = repacked;
    }

    /** The tensor read in place from {@code data}. */
    static FloatTensor of(GgufTensorInfo info, MemorySegment data) {
        return of(info, data, null);
    }

    /**
     * The tensor, with Q4_0, Q4_K and Q6_K matrices rearranged for the integer kernels into memory of
     * {@code arena} (when not null and {@link Repacked#supports} says so).
     */
    static FloatTensor of(GgufTensorInfo info, MemorySegment data, Arena arena) {
        Quant quant = Quant.of(info.type());
        if (quant == null) {
            throw new LlmException("tensor " + info.name() + " has type " + info.type()
                    + ", which the built-in runtime cannot compute with (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1,"
                    + " Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, IQ4_NL, IQ4_XS); re-quantize the model to one of those");
        }
        long rows = info.elementCount() / Math.max(1, info.dim(0));
        if (info.dim(0) > Integer.MAX_VALUE || rows > Integer.MAX_VALUE) {
            throw new LlmException("tensor " + info.name() + " is too large: " + info);
        }
        int cols = (int) info.dim(0);
        Repacked repacked = arena != null && rows > 1 && Repacked.supports(info.type(), cols)
                ? Repacked.of(info.type(), data, (int) rows, cols, arena) : null;
        return new FloatTensor(info.name(), quant, data, cols, (int) rows, repacked);
    }

    /** Whether the integer kernels of {@link IntKernels} serve this tensor. */
    boolean repacked() {
        return repacked != null;
    }

    String name() {
        return name;
    }

    GgmlType type() {
        return quant.type();
    }

    int cols() {
        return cols;
    }

    int rows() {
        return rows;
    }

    /** The dot product of row {@code row} with {@code x[xOff .. xOff + cols)}. */
    float dot(int row, float[] x, int xOff) {
        return vectorized ? VectorKernels.dot(quant, data, row * rowBytes, x, xOff, cols)
                : quant.dot(data, row * rowBytes, x, xOff, cols);
    }

    /** {@code out[i] = row(firstRow + i) · x} for {@code i < count}, rows split across the compute threads. */
    void matvec(float[] x, float[] out, int firstRow, int count) {
        matvec(x, out, firstRow, count, vectorized);
    }

    /** {@link #matvec(float[], float[], int, int)} with the scalar reference kernel when {@code vector} is false. */
    void matvec(float[] x, float[] out, int firstRow, int count, boolean vector) {
        // a thread's share must be worth handing over: at least ~64k weights
        int minRows = Math.max(1, (1 << 16) / cols);
        // a reused per-caller task, so a decode step's hundred-odd products allocate nothing
        RowTask task = ROW_TASK.get();
        if (vector && repacked != null) {
            task.input.prepare(quant.type(), x, cols, repacked.groups);
            task.set(this, x, out, firstRow, RowTask.REPACKED);
            try {
                Parallel.forRows(count, minRows, task);
            } finally {
                task.set(null, null, null, 0, 0);
            }
            return;
        }
        boolean rows = vector && rowKernels;
        if (rows) {
            int n = RowKernels.sumsLength(quant.type(), cols);
            if (task.sums.length < n) task.sums = new float[n];
            RowKernels.sums(quant.type(), x, cols, task.sums);
        }
        task.set(this, x, out, firstRow, rows ? RowTask.ROW_KERNELS : vector ? RowTask.VECTOR : RowTask.SCALAR);
        try {
            Parallel.forRows(count, minRows, task);
        } finally {
            task.set(null, null, null, 0, 0);
        }
    }

    private static final ThreadLocal<RowTask> ROW_TASK = ThreadLocal.withInitial(RowTask::new);

    /** One caller thread's matrix-vector product in progress, handed to the compute threads. */
    private static final class RowTask implements Parallel.Rows {
        static final int ROW_KERNELS = 0, VECTOR = 1, SCALAR = 2, REPACKED = 3;
        FloatTensor t;
        float[] x, out, sums = new float[0];
        final QuantizedInput input = new QuantizedInput();
        int firstRow, kernel;

        void set(FloatTensor t, float[] x, float[] out, int firstRow, int kernel) {
            this.t = t;
            this.x = x;
            this.out = out;
            this.firstRow = firstRow;
            this.kernel = kernel;
        }

        @Override
        public void run(int from, int to) {
            if (kernel == REPACKED) {
                t.repacked.matvec(input, out, firstRow, from, to);
                return;
            }
            if (kernel == ROW_KERNELS) {
                RowKernels.matvec(t.quant.type(), t.data, t.rowBytes, t.cols, x, sums, out, firstRow, from, to);
                return;
            }
            for (int i = from; i < to; i++) {
                long offset = (firstRow + i) * t.rowBytes;
                out[i] = kernel == VECTOR ? VectorKernels.dot(t.quant, t.data, offset, x, 0, t.cols)
                        : t.quant.dot(t.data, offset, x, 0, t.cols);
            }
        }
    }

    /**
     * {@code outs[b][r] = row(r) · xs[b]} for tokens {@code b < n} and all rows. Each row is read from memory and
     * decoded once for all the tokens ({@link Gemm}).
     */
    void matmul(float[][] xs, float[][] outs, int n) {
        if (repacked != null) {
            // rounded as the decode kernels round them (so a prompt gives the same logits in one pass as token by
            // token), and in the repacked order the rows decode in
            float[][] permuted = new float[n][repacked.paddedCols()];
            float[] rounded = new float[cols];
            for (int b = 0; b < n; b++) {
                ActivationRounding.round(quant, xs[b], rounded, cols);
                repacked.permute(rounded, permuted[b]);
            }
            Gemm.matmul(this, permuted, outs, n);
            return;
        }
        if (vectorized) {
            Gemm.matmul(this, xs, outs, n);
            return;
        }
        int minRows = Math.max(1, (1 << 14) / cols);
        Parallel.forRows(rows, minRows, (from, to) -> {
            for (int r = from; r < to; r++) {
                for (int b = 0; b < n; b++) outs[b][r] = dot(r, xs[b], 0);
            }
        });
    }

    /** The length of the rows {@link #decodeRow} writes: the padded length of a repacked tensor. */
    int decodedCols() {
        return repacked != null ? repacked.paddedCols() : cols;
    }

    /**
     * Decodes row {@code row} to floats, with the vector decoder where there is one; a repacked tensor's in its
     * repacked order ({@link Repacked#column}).
     */
    void decodeRow(int row, float[] out) {
        if (repacked != null) repacked.decodeRow(row, out);
        else if (rowKernels) RowKernels.dequantize(quant.type(), data, row * rowBytes, cols, out);
        else quant.dequantize(data, row * rowBytes, out, 0, cols);
    }

    /** {@code out = this · x} over all rows. */
    void matvec(float[] x, float[] out) {
        matvec(x, out, 0, rows);
    }

    /** The tensor's bytes (benchmarks). */
    MemorySegment data() {
        return data;
    }

    /** The kernel of this tensor's type. */
    Quant quant() {
        return quant;
    }

    /** Decodes row {@code row} into {@code out[0 .. cols)}. */
    void dequantizeRow(int row, float[] out) {
        quant.dequantize(data, row * rowBytes, out, 0, cols);
    }

    /** All elements as floats, row after row (for small tensors: norms, biases). */
    float[] toFloatArray() {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        quant.dequantize(data, 0, out, 0, out.length);
        return out;
    }

    @Override
    public String toString() {
        return name + " " + quant.type() + " " + rows + "x" + cols;
    }
}
