package dev.cairn.rag.cache;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cached response as stored on disk: a magic, the key, the response, when it was stored, and the prompt's
 * embedding with the name of the model that made it (empty when there is none).
 */
record CacheEntry(CacheKey key, String response, Instant created, String embeddingModel, float[] vector) {
    private static final int MAGIC = 0x43414c31; // "CAL1"

    void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeLong(created.toEpochMilli());
        writeString(out, key.model());
        out.writeInt(key.parameters().size());
        for (var e : key.parameters().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        writeString(out, key.prompt());
        writeString(out, response);
        writeString(out, embeddingModel);
        out.writeInt(vector.length);
        for (float f : vector) out.writeFloat(f);
    }

    static CacheEntry read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) throw new IOException("not a Cairn cache entry");
        Instant created = Instant.ofEpochMilli(in.readLong());
        String model = readString(in);
        int n = in.readInt();
        if (n < 0 || n > 10_000) throw new IOException("bad parameter count " + n);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) params.put(readString(in), readString(in));
        String prompt = readString(in);
        String response = readString(in);
        String embeddingModel = readString(in);
        int dim = in.readInt();
        if (dim < 0 || dim > 65_536) throw new IOException("bad vector length " + dim);
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) v[i] = in.readFloat();
        return new CacheEntry(new CacheKey(model, prompt, params), response, created, embeddingModel, v);
    }

    /** Length-prefixed UTF-8, since {@code writeUTF} stops at 64 KiB and prompts can be longer. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (256 << 20)) throw new IOException("bad string length " + n);
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
