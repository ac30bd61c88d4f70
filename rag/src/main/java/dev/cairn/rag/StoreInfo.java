package dev.cairn.rag;

import java.util.Map;

/**
 * What a store holds and what it was built with.
 *
 * @param settings backend settings recorded with the index (vector format, HNSW parameters, ...)
 */
public record StoreInfo(String location, String model, int dimension, long documents, long chunks,
                        Map<String, String> settings) {
    public StoreInfo {
        settings = Map.copyOf(settings);
    }
}
