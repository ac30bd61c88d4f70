package dev.cairn.llm;

/**
 * How a {@link Session} stores the keys and values of the tokens it has seen. {@link #F16} halves the cache (a
 * Llama-3.2-1B-shaped model: 64 KiB instead of 128 KiB per token), at a relative error of the stored values
 * below 2^-11; {@link #F32} keeps them exactly, as the llama.cpp references in the fixtures were computed.
 */
public enum KvCacheType {
    /** 32-bit floats: exact. */
    F32(4),
    /** IEEE half precision, rounded to nearest even; converted back to float32 in the attention kernel. */
    F16(2);

    /** Sessions of at least this many tokens default to {@link #F16}. */
    public static final int F16_FROM_CAPACITY = 1024;

    final int bytes;

    KvCacheType(int bytes) {
        this.bytes = bytes;
    }

    /**
     * The default for a session of {@code capacity} tokens: F16 for long contexts (at least
     * {@value #F16_FROM_CAPACITY} tokens), where the cache dominates memory, F32 for shorter ones, where it is small
     * and exactness is free.
     */
    public static KvCacheType defaultFor(int capacity) {
        return capacity >= F16_FROM_CAPACITY ? F16 : F32;
    }

    /** The type named {@code f16} or {@code f32} (any case), for command-line options. */
    public static KvCacheType parse(String name) {
        for (KvCacheType t : values()) if (t.name().equalsIgnoreCase(name)) return t;
        throw new LlmException("unknown KV cache type '" + name + "': use f16 or f32");
    }
}
