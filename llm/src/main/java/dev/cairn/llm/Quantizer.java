package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.gguf.GgufValueType;
import dev.cairn.gguf.GgufWriter;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a quantized copy of a GGUF model, as {@code llama-quantize --pure} does: every weight matrix (2 or more
 * dimensions) in the one type, encoded with ggml's reference quantizers (byte-identical output); 1-D tensors (norms,
 * biases) and the MoE router ({@code ffn_gate_inp}) as F32. Matrices whose rows are not a multiple of the type's
 * block size stay F32 (llama.cpp would pick a smaller legacy type). The source must be F32, F16 or BF16 (no
 * requantizing). Metadata is copied, with {@code general.file_type} and {@code general.quantization_version} set.
 * The output is built in memory before it is written.
 */
public final class Quantizer {
    private Quantizer() {}

    /** llama.cpp's file types (LLAMA_FTYPE_*) for the types written. */
    private static final Map<GgmlType, Integer> FILE_TYPE = Map.of(GgmlType.F32, 0, GgmlType.F16, 1, GgmlType.Q4_0, 2,
            GgmlType.Q8_0, 7, GgmlType.Q4_K, 15, GgmlType.Q6_K, 18);

    /** The types this quantizer writes. */
    public static final String SUPPORTED = "Q8_0, Q4_0, Q4_K, Q6_K, F16, F32";

    /** llama.cpp's {@code general.file_type} for a file whose matrices are all {@code type}. */
    static long fileType(GgmlType type) {
        Integer t = FILE_TYPE.get(type);
        if (t == null) throw new LlmException("no llama.cpp file type for " + type);
        return t;
    }

    /** The type named {@code name} (case-insensitive), if it is one this quantizer writes. */
    public static GgmlType type(String name) {
        for (GgmlType t : FILE_TYPE.keySet()) if (t.name().equalsIgnoreCase(name)) return t;
        throw new LlmException("cannot quantize to '" + name + "' (supported: " + SUPPORTED + ")");
    }

    /** Quantizes {@code in} to {@code out} ({@code type} from {@link #type(String)}). */
    public static void quantize(Path in, Path out, GgmlType type) {
        if (!FILE_TYPE.containsKey(type)) throw new LlmException("cannot quantize to " + type + " (supported: " + SUPPORTED + ")");
        try (GgufFile src = GgufFile.open(in)) {
            GgufWriter w = new GgufWriter();
            GgufMetadata md = src.metadata();
            for (String key : md.keys()) {
                if (key.equals("general.file_type") || key.equals("general.quantization_version")) continue;
                w.put(key, md.type(key).orElseThrow(), md.get(key));
            }
            w.put("general.quantization_version", GgufValueType.UINT32, 2L);
            w.put("general.file_type", GgufValueType.UINT32, (long) FILE_TYPE.get(type));
            for (GgufTensorInfo t : src.tensors()) {
                float[] values = read(src, t);
                GgmlType target = t.rank() >= 2 && !t.name().contains("ffn_gate_inp") && t.dim(0) % type.blockSize() == 0
                        ? type : GgmlType.F32;
                w.addTensor(t.name(), target, t.shape(), MemorySegment.ofArray(Encoders.encode(target, values)));
            }
            w.write(out);
        }
    }

    private static float[] read(GgufFile src, GgufTensorInfo t) {
        GgmlType type = t.type();
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.BF16) {
            throw new LlmException(src.path() + ": tensor " + t.name() + " is " + type
                    + "; quantize from an F32, F16 or BF16 file (requantizing loses precision twice)");
        }
        if (t.elementCount() > Integer.MAX_VALUE - 8) throw new LlmException(t.name() + " is too large to quantize in memory");
        float[] values = new float[(int) t.elementCount()];
        Quant.of(type).dequantize(src.tensorData(t), 0, values, 0, values.length);
        return values;
    }
}
