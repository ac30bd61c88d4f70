package dev.cairn.rag;

import java.util.List;

/** Finds the passages that best answer a query, best first. */
public interface Retriever {
    /** A short name, used as the key of this retriever's score and rank in {@link Passage}. */
    String name();

    List<Passage> retrieve(SearchRequest request);
}
