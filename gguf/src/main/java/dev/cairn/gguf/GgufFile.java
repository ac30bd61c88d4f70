package dev.cairn.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An open GGUF file: its metadata and tensor infos, parsed eagerly, and its tensor data, memory-mapped and
 * never copied. Segments from {@link #tensorData} stay valid until {@link #close()}.
 *
 * <pre>{@code
 * try (GgufFile gguf = GgufFile.open(path)) {
 *     int layers = gguf.metadata().getInt("llama.block_count");
 *     MemorySegment wq = gguf.tensorData("blk.0.attn_q.weight");
 * }
 * }</pre>
 */
public final class GgufFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final GgufReader.Header header;
    private final Map<String, GgufTensorInfo> byName;

    private GgufFile(Path path, Arena arena, MemorySegment segment, GgufReader.Header header) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
        this.header = header;
        this.byName = new HashMap<>();
        for (GgufTensorInfo t : header.tensors()) byName.put(t.name(), t);
    }

    /** Maps and parses {@code path}. Throws {@link GgufFormatException} when it is not a well-formed GGUF v2/v3 file. */
    public static GgufFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment segment = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            GgufReader.Header header = GgufReader.read(segment, path.toString());
            return new GgufFile(path, arena, segment, header);
        } catch (IOException e) {
            arena.close();
            throw new GgufFormatException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The GGUF version, 2 or 3. */
    public int version() {
        return header.version();
    }

    public GgufMetadata metadata() {
        return header.metadata();
    }

    /** The tensor infos in file order. */
    public List<GgufTensorInfo> tensors() {
        return header.tensors();
    }

    /** The tensor named {@code name}; a {@link GgufFormatException} when there is none. */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo t = byName.get(name);
        if (t == null) throw new GgufFormatException("tensor '" + name + "' is missing in " + path);
        return t;
    }

    public Optional<GgufTensorInfo> findTensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The bytes of tensor {@code name}: a read-only slice of the mapped file. */
    public MemorySegment tensorData(String name) {
        return tensorData(tensor(name));
    }

    /** The bytes of {@code tensor}: a read-only slice of the mapped file. */
    public MemorySegment tensorData(GgufTensorInfo tensor) {
        return segment.asSlice(tensor.offset(), tensor.byteSize());
    }

    /** The byte offset where the tensor data section starts. */
    public long dataOffset() {
        return header.dataOffset();
    }

    /** The alignment of tensor data ({@code general.alignment}, 32 by default). */
    public int alignment() {
        return header.alignment();
    }

    /** Unmaps the file; segments obtained from it become inaccessible. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version() + ", " + metadata().keys().size() + " keys, " + tensors().size() + " tensors]";
    }
}
