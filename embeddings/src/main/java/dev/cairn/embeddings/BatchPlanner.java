package dev.cairn.embeddings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups sequences into model runs. Sequences are sorted by length so each batch pads only to its own longest
 * member (little wasted work); a batch holds at most {@code maxRows} sequences and {@code maxTokens} padded tokens
 * (a sequence longer than that runs alone). Callers map results back with the returned indices.
 *
 * @param maxTokens         padded tokens (rows x longest) per batch
 * @param maxRows           sequences per batch
 * @param equalLengthsOnly  batch only sequences of one length (a model without attention_mask cannot skip padding)
 */
record BatchPlanner(int maxTokens, int maxRows, boolean equalLengthsOnly) {

    BatchPlanner {
        if (maxTokens < 1 || maxRows < 1) {
            throw new IllegalArgumentException("batch limits must be positive: maxTokens=" + maxTokens + ", maxRows=" + maxRows);
        }
    }

    /** Batches as arrays of indices into {@code lengths}; every index appears exactly once. */
    List<int[]> plan(int[] lengths) {
        Integer[] order = IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new);
        // longest first: the buffers reach their final size on the first run
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
        List<int[]> batches = new ArrayList<>();
        int start = 0;
        while (start < order.length) {
            int longest = lengths[order[start]];
            int end = start + 1;
            while (end < order.length
                    && end - start < maxRows
                    && (long) (end - start + 1) * longest <= maxTokens
                    && (!equalLengthsOnly || lengths[order[end]] == longest)) {
                end++;
            }
            int[] batch = new int[end - start];
            for (int i = 0; i < batch.length; i++) batch[i] = order[start + i];
            batches.add(batch);
            start = end;
        }
        return batches;
    }
}
