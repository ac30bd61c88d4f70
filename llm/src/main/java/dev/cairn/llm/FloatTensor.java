package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufTensorInfo;

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

    private FloatTensor(String name, Quant quant, MemorySegment data, int cols, int rows) {
        this.name = name;
        this.quant = quant;
        this.data = data;
        this.cols = cols;
        this.rows = rows;
        this.rowBytes = quant.type().byteSize(cols);
        this.vectorized = VectorKernels.supports(quant);
        this.rowKernels = RowKernels.supports(quant.type()) && cols % 32 == 0;
    }

    static FloatTensor of(GgufTensorInfo info, MemorySegment data) {
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
        return new FloatTensor(info.name(), quant, data, (int) info.dim(0), (int) rows);
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
        static final int ROW_KERNELS = 0, VECTOR = 1, SCALAR = 2;
        FloatTensor t;
        float[] x, out, sums = new float[0];
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

    /** Decodes row {@code row} to floats, with the vector decoder where there is one. */
    void decodeRow(int row, float[] out) {
        if (rowKernels) RowKernels.dequantize(quant.type(), data, row * rowBytes, cols, out);
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
