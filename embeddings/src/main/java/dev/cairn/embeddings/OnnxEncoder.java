package dev.cairn.embeddings;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One ONNX Runtime session of a BERT-style encoder and the off-heap buffers it runs on. It looks at the model's
 * inputs ({@code input_ids}, and {@code attention_mask} / {@code token_type_ids} if the model has them) and outputs
 * (token vectors {@code [batch, seq, dim]} that Cairn pools, or an already pooled {@code [batch, dim]}).
 *
 * <p>At most {@code parallelism} runs proceed at once, each on its own reusable off-heap buffers (a workspace);
 * further callers wait for a workspace. With parallelism 1 each run uses all of the session's intra-op threads.
 */
final class OnnxEncoder implements AutoCloseable {
    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String source;
    private final Pooling pooling;
    private final boolean hasMask;
    private final boolean hasTypeIds;
    private final String outputName;
    private final boolean pooledOutput;
    private final int dim;
    private final int parallelism;
    private final boolean firstTokenOnly;
    private final BlockingQueue<Workspace> workspaces;
    private volatile boolean closed;

    /**
     * @param parallelism    how many runs may proceed at once (each with its own buffers); with one, runs queue and
     *                       each uses all of the session's intra-op threads
     * @param firstTokenOnly whether the model's token output has only the first position ({@link FirstTokenPruning})
     */
    OnnxEncoder(OrtEnvironment env, OrtSession session, String source, Pooling pooling, int parallelism,
                boolean firstTokenOnly) {
        this.env = env;
        this.session = session;
        this.source = source;
        this.pooling = pooling;
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (!inputs.containsKey(INPUT_IDS)) {
                throw new EmbeddingException(source + ": the ONNX model has no input named input_ids (its inputs: "
                        + new TreeSet<>(inputs.keySet()) + "); Cairn runs BERT-style encoders");
            }
            for (var e : inputs.entrySet()) {
                if (!Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS).contains(e.getKey())) {
                    throw new EmbeddingException(source + ": the ONNX model needs an input named " + e.getKey()
                            + ", which Cairn cannot provide (it provides input_ids, attention_mask, token_type_ids)");
                }
                if (!(e.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.INT64) {
                    throw new EmbeddingException(source + ": input " + e.getKey() + " is " + e.getValue().getInfo()
                            + "; Cairn feeds int64 tensors");
                }
            }
            hasMask = inputs.containsKey(ATTENTION_MASK);
            hasTypeIds = inputs.containsKey(TOKEN_TYPE_IDS);
            OutputChoice out = chooseOutput(session.getOutputInfo());
            outputName = out.name;
            pooledOutput = out.pooled;
            dim = out.dim;
        } catch (OrtException e) {
            throw new EmbeddingException(source + ": cannot read the ONNX model's inputs and outputs: " + e.getMessage(), e);
        }
        if (firstTokenOnly && (pooledOutput || pooling != Pooling.CLS)) {
            throw new IllegalArgumentException("only CLS pooling of token vectors can run on the first token alone");
        }
        this.firstTokenOnly = firstTokenOnly;
        this.parallelism = parallelism;
        this.workspaces = new ArrayBlockingQueue<>(parallelism);
        for (int i = 0; i < parallelism; i++) workspaces.add(new Workspace());
    }

    int parallelism() {
        return parallelism;
    }

    /** Whether the model computes only the first position of its last layer (see {@link FirstTokenPruning}). */
    boolean firstTokenOnly() {
        return firstTokenOnly;
    }

    private record OutputChoice(String name, boolean pooled, int dim) {}

    /**
     * Token vectors {@code [batch, seq, dim]} are preferred (named last_hidden_state if there are several), so the
     * configured pooling applies; a model that only outputs {@code [batch, dim]} has pooled itself (a BERT
     * {@code pooler_output} is never taken when token vectors exist: it is not the sentence-transformers embedding).
     */
    private OutputChoice chooseOutput(Map<String, NodeInfo> outputs) {
        OutputChoice tokens = null;
        OutputChoice pooled = null;
        for (var e : outputs.entrySet()) {
            if (!(e.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) continue;
            long[] shape = t.getShape();
            int d = (int) shape[shape.length - 1];
            if (d <= 0) continue;
            if (shape.length == 3 && (tokens == null || e.getKey().equals("last_hidden_state"))) {
                tokens = new OutputChoice(e.getKey(), false, d);
            } else if (shape.length == 2 && (pooled == null || e.getKey().equals("sentence_embedding"))) {
                pooled = new OutputChoice(e.getKey(), true, d);
            }
        }
        if (tokens != null) return tokens;
        if (pooled != null) return pooled;
        throw new EmbeddingException(source + ": the ONNX model has no float output shaped [batch, sequence, dim] "
                + "or [batch, dim] with a fixed dim (its outputs: " + outputs.values() + ")");
    }

    int dimension() {
        return dim;
    }

    /** Without an attention mask the model would attend to padding, so only equal lengths may share a batch. */
    boolean hasAttentionMask() {
        return hasMask;
    }

    /**
     * Whether a sequence's vector stays the same when it shares a padded batch. It does not for dynamically
     * quantized models (int8 activations get one scale per tensor, so the other rows and the padding change every
     * row's result), nor for a model that ignores its attention mask; such models must run one text at a time.
     */
    boolean batchInvariant(int[] shorter, int[] longer) {
        float[] alone = run(List.of(shorter))[0];
        float[] batched = run(List.of(longer, shorter))[1];
        double dot = 0, a = 0, b = 0;
        for (int i = 0; i < dim; i++) {
            dot += (double) alone[i] * batched[i];
            a += (double) alone[i] * alone[i];
            b += (double) batched[i] * batched[i];
        }
        return dot / Math.sqrt(a * b) > 1 - 1e-6;
    }

    /** Whether the model pools by itself (then {@link Pooling} does not apply). */
    boolean pooledOutput() {
        return pooledOutput;
    }

    /**
     * Runs one batch: every sequence is right-padded to the longest one. Returns the pooled, not yet normalized
     * vectors, in the batch's order. Blocks while all workspaces are in use.
     */
    float[][] run(List<int[]> batch) {
        int rows = batch.size();
        int seq = 0;
        for (int[] s : batch) seq = Math.max(seq, s.length);
        int n = rows * seq;
        Workspace w = take();
        try {
            w.ensure(n, dim);
            w.fill(batch, seq);
            long[] shape = {rows, seq};
            Map<String, OnnxTensor> in = new HashMap<>(4);
            OnnxTensor outTensor = null;
            try {
                in.put(INPUT_IDS, OnnxTensor.createTensor(env, w.ids.duplicate().limit(n), shape));
                if (hasMask) in.put(ATTENTION_MASK, OnnxTensor.createTensor(env, w.mask.duplicate().limit(n), shape));
                if (hasTypeIds) in.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, w.typeIds.duplicate().limit(n), shape));
                int positions = firstTokenOnly ? 1 : seq;
                long[] outShape = pooledOutput ? new long[]{rows, dim} : new long[]{rows, positions, dim};
                int outSize = pooledOutput ? rows * dim : rows * positions * dim;
                outTensor = OnnxTensor.createTensor(env, w.output.duplicate().limit(outSize), outShape);
                session.run(in, Set.of(), Map.of(outputName, outTensor)).close();
                return pool(w.output, batch, firstTokenOnly ? 1 : seq);
            } catch (OrtException e) {
                throw new EmbeddingException(source + ": ONNX Runtime failed on a batch of " + rows + " x " + seq
                        + " tokens: " + e.getMessage(), e);
            } finally {
                in.values().forEach(OnnxTensor::close);
                if (outTensor != null) outTensor.close();
            }
        } finally {
            workspaces.add(w);
        }
    }

    private Workspace take() {
        if (closed) throw new EmbeddingException(source + ": the model is closed");
        try {
            return workspaces.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException(source + ": interrupted while waiting to run the model", e);
        }
    }

    /** Pools every row of an output with {@code positions} token vectors per row. */
    private float[][] pool(FloatBuffer output, List<int[]> batch, int positions) {
        float[][] vectors = new float[batch.size()][];
        for (int r = 0; r < vectors.length; r++) {
            if (pooledOutput) {
                vectors[r] = new float[dim];
                output.get(r * dim, vectors[r]);
            } else {
                vectors[r] = pooling.pool(output, r * positions * dim, batch.get(r).length, dim);
            }
        }
        return vectors;
    }

    /** Off-heap input and output buffers for one run at a time, grown to the largest batch seen. */
    private static final class Workspace {
        int capacity;
        LongBuffer ids;
        LongBuffer mask;
        LongBuffer typeIds; // always zeros: single-sequence input
        FloatBuffer output;

        void ensure(int tokens, int dim) {
            if (tokens <= capacity) return;
            capacity = tokens;
            ids = longs(tokens);
            mask = longs(tokens);
            typeIds = longs(tokens);
            output = ByteBuffer.allocateDirect(Math.multiplyExact(Math.multiplyExact(tokens, dim), Float.BYTES))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        void fill(List<int[]> batch, int seq) {
            int row = 0;
            for (int[] s : batch) {
                int base = row * seq;
                for (int t = 0; t < seq; t++) {
                    boolean real = t < s.length;
                    ids.put(base + t, real ? s[t] : 0);
                    mask.put(base + t, real ? 1 : 0);
                }
                row++;
            }
        }

        private static LongBuffer longs(int n) {
            return ByteBuffer.allocateDirect(Math.multiplyExact(n, Long.BYTES)).order(ByteOrder.nativeOrder()).asLongBuffer();
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        // wait for the runs in flight: each returns its workspace
        for (int i = 0; i < parallelism; i++) {
            try {
                workspaces.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new EmbeddingException(source + ": cannot close the ONNX session: " + e.getMessage(), e);
        }
    }
}
