/**
 * The GGUF container format (versions 2 and 3): metadata, tensor infos and memory-mapped tensor data.
 *
 * <ul>
 *   <li>{@link dev.cairn.gguf.GgufFile#open} maps the whole file read-only into a {@link java.lang.foreign.MemorySegment}
 *       owned by a shared arena, parses header, metadata and tensor infos eagerly, and never copies tensor data;
 *       {@code tensorData(name)} returns slices that stay valid until {@code close()}.</li>
 *   <li>{@link dev.cairn.gguf.GgufMetadata}: typed getters ({@code getString, getInt, getLong, getFloat,
 *       getBoolean(key, default), getStringArray, getFloatArray, getIntArray}) that accept any stored type holding
 *       the value exactly, {@code find...} variants returning {@link java.util.Optional}, and the raw
 *       {@code get(key)} / {@code type(key)} (representation in {@link dev.cairn.gguf.GgufValueType}).</li>
 *   <li>{@link dev.cairn.gguf.GgufTensorInfo}: name, {@link dev.cairn.gguf.GgmlType}, shape in ggml order
 *       (innermost first), absolute file offset, byte size.</li>
 *   <li>{@link dev.cairn.gguf.GgufWriter} writes v3 files (tests build synthetic models with it).</li>
 * </ul>
 * Every malformed input (bad magic or version, truncation, counts or lengths beyond the remaining bytes, shape
 * overflow, misaligned or out-of-range tensor data, unknown type ids) and every missing key or tensor is a
 * {@link dev.cairn.gguf.GgufFormatException} naming the file and what is wrong.
 */
package dev.cairn.gguf;
