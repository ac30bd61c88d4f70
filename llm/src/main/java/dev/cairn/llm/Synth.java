package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufValueType;
import dev.cairn.gguf.GgufWriter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Random-weight GGUF models with a real architecture's exact shapes, for benchmarks that need no downloads: the
 * same seed gives the same bytes. Weights are uniform with the variance of a trained model's initialization
 * ({@code 1/cols} for projections, so activations keep their scale through the layers; norms are 1), then
 * encoded with ggml's reference quantizers ({@link Encoders}) in one type for every matrix, as
 * {@code llama-quantize --pure}; norms stay F32. A matrix whose rows do not fit the type's block size (k-quants
 * need multiples of 256) falls back to Q8_0. The tokenizer is copied from a vocabulary GGUF (llama.cpp's
 * {@code ggml-vocab-*.gguf}) when one is given; otherwise the file says {@code tokenizer.ggml.model = no_vocab}
 * and runs on token ids only.
 */
public final class Synth {
    private Synth() {}

    /**
     * A model shape. {@code arch} is the GGUF architecture; {@code ropeScaling} marks Llama 3's rope_freqs
     * (factor 32, original context 8192); {@code qkvBias} adds Qwen2's q/k/v biases.
     */
    public record Preset(String name, String arch, int dim, int layers, int heads, int kvHeads, int ffn, int vocab,
                         int context, float ropeBase, float rmsEps, boolean tiedOutput, boolean ropeScaling, boolean qkvBias) {
        int headDim() {
            return dim / heads;
        }
    }

    /** The shapes {@code cairn synth --preset} knows. */
    public static final List<Preset> PRESETS = List.of(
            new Preset("llama-3.2-1b", "llama", 2048, 16, 32, 8, 8192, 128256, 131072, 500000f, 1e-5f, true, true, false),
            new Preset("llama-3.2-3b", "llama", 3072, 28, 24, 8, 8192, 128256, 131072, 500000f, 1e-5f, true, true, false),
            new Preset("qwen2.5-0.5b", "qwen2", 896, 24, 14, 2, 4864, 151936, 32768, 1000000f, 1e-6f, true, false, true),
            new Preset("tiny", "llama", 256, 2, 4, 2, 512, 1024, 2048, 10000f, 1e-5f, true, false, false));

    /** The preset named {@code name}. */
    public static Preset preset(String name) {
        for (Preset p : PRESETS) if (p.name.equalsIgnoreCase(name)) return p;
        throw new LlmException("unknown preset '" + name + "' (known: " + String.join(", ", PRESETS.stream().map(Preset::name).toList()) + ")");
    }

    /** The types synth writes. */
    public static final String TYPES = "Q8_0, Q4_0, Q4_K, Q6_K, F16, F32";

    /** The type named {@code name} (case-insensitive), if synth writes it. */
    public static GgmlType type(String name) {
        for (GgmlType t : List.of(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.F16, GgmlType.F32)) {
            if (t.name().equalsIgnoreCase(name)) return t;
        }
        throw new LlmException("cannot synthesize type '" + name + "' (supported: " + TYPES + ")");
    }

    /**
     * Writes a model of {@code preset}'s shape in {@code type} to {@code out}; {@code vocab} (may be null) is a
     * GGUF whose {@code tokenizer.*} metadata is copied and whose token count must equal the preset's vocabulary.
     */
    public static void write(Preset preset, GgmlType type, Path vocab, long seed, Path out) {
        if (!Encoders.supports(type)) throw new LlmException("cannot synthesize type " + type + " (supported: " + TYPES + ")");
        GgufWriter w = new GgufWriter();
        String a = preset.arch + ".";
        w.putString("general.architecture", preset.arch);
        w.putString("general.name", "synthetic " + preset.name + " " + type + " (random weights, seed " + seed + ")");
        w.putUInt32("general.file_type", Quantizer.fileType(type));
        w.putUInt32("general.quantization_version", 2);
        w.putUInt32(a + "context_length", preset.context);
        w.putUInt32(a + "embedding_length", preset.dim);
        w.putUInt32(a + "block_count", preset.layers);
        w.putUInt32(a + "feed_forward_length", preset.ffn);
        w.putUInt32(a + "attention.head_count", preset.heads);
        w.putUInt32(a + "attention.head_count_kv", preset.kvHeads);
        w.putUInt32(a + "rope.dimension_count", preset.headDim());
        w.putFloat32(a + "rope.freq_base", preset.ropeBase);
        w.putFloat32(a + "attention.layer_norm_rms_epsilon", preset.rmsEps);
        w.putUInt32(a + "vocab_size", preset.vocab);
        copyTokenizer(w, vocab, preset);

        try (Arena arena = Arena.ofShared()) {
            Tensors t = new Tensors(w, arena, type, seed);
            t.matrix("token_embd.weight", preset.dim, preset.vocab, 2.0 / Math.sqrt(preset.dim));
            t.norm("output_norm.weight", preset.dim);
            if (!preset.tiedOutput) t.matrix("output.weight", preset.dim, preset.vocab, 1 / Math.sqrt(preset.dim));
            if (preset.ropeScaling) w.addTensor("rope_freqs.weight", new long[] {preset.headDim() / 2}, llama3RopeFactors(preset));
            int kv = preset.kvHeads * preset.headDim();
            for (int l = 0; l < preset.layers; l++) {
                String b = "blk." + l + ".";
                double s = 1 / Math.sqrt(preset.dim);
                t.norm(b + "attn_norm.weight", preset.dim);
                t.matrix(b + "attn_q.weight", preset.dim, preset.dim, s);
                t.matrix(b + "attn_k.weight", preset.dim, kv, s);
                t.matrix(b + "attn_v.weight", preset.dim, kv, s);
                if (preset.qkvBias) {
                    t.bias(b + "attn_q.bias", preset.dim);
                    t.bias(b + "attn_k.bias", kv);
                    t.bias(b + "attn_v.bias", kv);
                }
                t.matrix(b + "attn_output.weight", preset.dim, preset.dim, s);
                t.norm(b + "ffn_norm.weight", preset.dim);
                t.matrix(b + "ffn_gate.weight", preset.dim, preset.ffn, s);
                t.matrix(b + "ffn_up.weight", preset.dim, preset.ffn, s);
                t.matrix(b + "ffn_down.weight", preset.ffn, preset.dim, 1 / Math.sqrt(preset.ffn));
            }
            w.write(out);
        }
    }

    private static void copyTokenizer(GgufWriter w, Path vocab, Preset preset) {
        if (vocab == null) {
            w.putString("tokenizer.ggml.model", "no_vocab");
            return;
        }
        try (GgufFile v = GgufFile.open(vocab)) {
            GgufMetadata md = v.metadata();
            int tokens = md.findStringArray("tokenizer.ggml.tokens").map(List::size)
                    .orElseThrow(() -> new LlmException(vocab + " has no tokenizer.ggml.tokens; pass a vocabulary GGUF such as ggml-vocab-llama3.gguf"));
            if (tokens != preset.vocab) {
                throw new LlmException(vocab + " has " + tokens + " tokens but preset " + preset.name + " has a vocabulary of "
                        + preset.vocab + "; pass the vocabulary of that model family, or none");
            }
            for (String key : md.keys()) if (key.startsWith("tokenizer.")) w.put(key, md.type(key).orElseThrow(), md.get(key));
        }
    }

    /** Llama 3's long-context RoPE factors (rope_freqs): factor 32, low/high frequency factors 1 and 4, original context 8192. */
    static float[] llama3RopeFactors(Preset p) {
        int half = p.headDim() / 2;
        double factor = 32, low = 1, high = 4, original = 8192;
        double lowWavelen = original / low, highWavelen = original / high;
        float[] out = new float[half];
        for (int i = 0; i < half; i++) {
            double freq = 1 / Math.pow(p.ropeBase, 2.0 * i / p.headDim());
            double wavelen = 2 * Math.PI / freq;
            double f;
            if (wavelen < highWavelen) f = 1;
            else if (wavelen > lowWavelen) f = factor;
            else {
                double smooth = (original / wavelen - low) / (high - low);
                f = 1 / ((1 - smooth) / factor + smooth);
            }
            out[i] = (float) f;
        }
        return out;
    }

    /** Generates and encodes tensors, in row chunks seeded by (seed, tensor name, chunk) so chunks can run in parallel. */
    private record Tensors(GgufWriter w, Arena arena, GgmlType type, long seed) {
        void norm(String name, int n) {
            float[] ones = new float[n];
            java.util.Arrays.fill(ones, 1f);
            w.addTensor(name, new long[] {n}, ones);
        }

        void bias(String name, int n) {
            SplittableRandom r = new SplittableRandom(seed ^ name.hashCode());
            float[] b = new float[n];
            for (int i = 0; i < n; i++) b[i] = (float) (r.nextDouble(-0.1, 0.1));
            w.addTensor(name, new long[] {n}, b);
        }

        /** A [cols, rows] matrix of uniform values with standard deviation {@code std}. */
        void matrix(String name, int cols, int rows, double std) {
            GgmlType t = cols % type.blockSize() == 0 ? type : GgmlType.Q8_0;
            long rowBytes = t.byteSize(cols);
            MemorySegment data = arena.allocate(rowBytes * rows, 64);
            int chunkRows = Math.max(1, (1 << 18) / cols);
            int chunks = (rows + chunkRows - 1) / chunkRows;
            double bound = std * Math.sqrt(3);
            long tensorSeed = seed * 0x9E3779B97F4A7C15L + name.hashCode();
            IntStream.range(0, chunks).parallel().forEach(c -> {
                int from = c * chunkRows, n = Math.min(chunkRows, rows - from);
                SplittableRandom r = new SplittableRandom(tensorSeed + 0x632BE59BD9B4E019L * c);
                float[] values = new float[n * cols];
                for (int i = 0; i < values.length; i++) values[i] = (float) r.nextDouble(-bound, bound);
                byte[] encoded = Encoders.encode(t, values);
                MemorySegment.copy(MemorySegment.ofArray(encoded), 0, data, from * rowBytes, encoded.length);
            });
            w.addTensor(name, t, new long[] {cols, rows}, data);
        }
    }

    /** One line describing {@code p}. */
    public static String describe(Preset p) {
        return String.format(Locale.ROOT, "%s: %s, dim %d, %d layers, %d heads (%d KV), ffn %d, vocab %d%s", p.name, p.arch,
                p.dim, p.layers, p.heads, p.kvHeads, p.ffn, p.vocab, p.tiedOutput ? ", tied output" : "");
    }

    /** Names of the presets, for help texts. */
    public static String presetNames() {
        List<String> names = new ArrayList<>();
        for (Preset p : PRESETS) names.add(p.name);
        return String.join(", ", names);
    }
}
