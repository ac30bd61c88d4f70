package dev.cairn.embeddings;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchPlannerTest {

    @Test
    void everyIndexOnceWithinLimits() {
        Random random = new Random(7);
        int[] lengths = random.ints(500, 2, 513).toArray();
        var planner = new BatchPlanner(4096, 32, false);
        List<int[]> plan = planner.plan(lengths);
        int[] seen = new int[lengths.length];
        for (int[] batch : plan) {
            int longest = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
            assertTrue(batch.length <= 32);
            assertTrue(batch.length == 1 || batch.length * longest <= 4096, "padded tokens " + batch.length * longest);
            for (int i : batch) seen[i]++;
        }
        assertTrue(Arrays.stream(seen).allMatch(c -> c == 1));
    }

    @Test
    void sortsByLengthSoPaddingIsSmall() {
        int[] lengths = {5, 100, 6, 101, 7, 102};
        List<int[]> plan = new BatchPlanner(1000, 3, false).plan(lengths);
        assertEquals(2, plan.size());
        assertArrayEquals(new int[]{5, 3, 1}, plan.get(0)); // longest first
        assertArrayEquals(new int[]{4, 2, 0}, plan.get(1));
    }

    @Test
    void sequenceLongerThanTheTokenBudgetRunsAlone() {
        List<int[]> plan = new BatchPlanner(100, 8, false).plan(new int[]{512, 10, 10});
        assertArrayEquals(new int[]{0}, plan.get(0));
        assertArrayEquals(new int[]{1, 2}, plan.get(1));
    }

    @Test
    void equalLengthsOnlyWithoutAttentionMask() {
        List<int[]> plan = new BatchPlanner(1000, 8, true).plan(new int[]{4, 5, 4, 5, 6});
        assertEquals(3, plan.size());
        for (int[] batch : plan) {
            assertEquals(1, Arrays.stream(batch).map(i -> new int[]{4, 5, 4, 5, 6}[i]).distinct().count());
        }
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new BatchPlanner(0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new BatchPlanner(1, 0, false));
    }
}
