package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Continuous batching on stories260K (a real trained model): same outputs as one request at a time. */
class BatchGeneratorTest {
    private static Model model;

    private static final List<String> PROMPTS = List.of("Once upon a time", "Lily wanted to", "The dog", "One day, Tom",
            "The sun was", "She looked at the big", "Ben and Mia", "A little bird");

    @BeforeAll
    static void load() {
        model = Model.load(Fixtures.fixture("models/stories260K.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerationRequest greedy(String prompt, int maxTokens) {
        return GenerationRequest.of(model.encode(prompt)).withSampling(Sampler.Settings.greedy()).withMaxTokens(maxTokens);
    }

    @Test
    void concurrentRequestsGenerateWhatEachGeneratesAlone() {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // different lengths, so sequences leave at different steps while others go on
            requests.add(greedy(PROMPTS.get(i % PROMPTS.size()), 10 + 7 * i));
        }
        requests.add(GenerationRequest.of(model.encode("Once upon a time")).withSampling(Sampler.Settings.defaults(42)).withMaxTokens(40));
        List<Generation> alone = requests.stream().map(r -> model.generate(r, t -> {})).toList();

        try (BatchGenerator batch = new BatchGenerator(model, 8)) {
            List<CompletableFuture<Generation>> futures = new ArrayList<>();
            List<StringBuilder> streamed = new ArrayList<>();
            for (GenerationRequest r : requests) {
                StringBuilder sb = new StringBuilder();
                streamed.add(sb);
                futures.add(batch.submit(r, sb::append));
            }
            for (int i = 0; i < requests.size(); i++) {
                Generation g = futures.get(i).join();
                assertArrayEquals(alone.get(i).tokens(), g.tokens(), "request " + i);
                assertEquals(alone.get(i).text(), g.text());
                assertEquals(g.text(), streamed.get(i).toString());
                assertEquals(alone.get(i).finishReason(), g.finishReason());
                assertEquals(g.tokens().length, g.usage().generatedTokens());
            }
            assertEquals(0, batch.activeSequences());
        }
    }

    /** Prompts of several chunks join while others decode, and reuse a shared prefix from the cache. */
    @Test
    void longPromptsJoinInChunksAndReuseTheirSharedPrefix() {
        String system = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with"
                + " her friends. One day, she saw a big red ball under a tree. Her friend Tom came to play with her. They"
                + " played all day until the sun went down. Then Lily went home. The next day, she ran to the ball and";
        List<GenerationRequest> requests = new ArrayList<>();
        for (String end : List.of(" said", " picked", " the", " her mom", " kicked it")) requests.add(greedy(system + end, 25));
        assertTrue(requests.getFirst().promptTokens().length > 2 * Session.BATCH);
        List<Generation> alone = requests.stream().map(r -> model.generate(r, t -> {})).toList();
        PrefixCache cache = new PrefixCache(1 << 20);
        try (BatchGenerator batch = new BatchGenerator(model, 3, cache, null)) {
            List<CompletableFuture<Generation>> futures = new ArrayList<>();
            futures.add(batch.submit(greedy("The dog", 60), t -> {})); // decoding while the others join
            for (GenerationRequest r : requests) futures.add(batch.submit(r, t -> {}));
            assertEquals(model.generate(greedy("The dog", 60), t -> {}).text(), futures.getFirst().join().text());
            for (int i = 0; i < requests.size(); i++) {
                assertArrayEquals(alone.get(i).tokens(), futures.get(i + 1).join().tokens(), "request " + i);
            }
        }
        // the first two long prompts join together (nothing cached yet); the three after them reuse a prefix
        assertTrue(cache.stats().hits() >= 3, cache.stats().toString());
    }

    @Test
    void thirtyTwoSequencesAtOnceAllComplete() throws Exception {
        try (BatchGenerator batch = new BatchGenerator(model, 32)) {
            CountDownLatch started = new CountDownLatch(32);
            List<CompletableFuture<Generation>> futures = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                futures.add(batch.submit(greedy(PROMPTS.get(i % PROMPTS.size()), 30), piece -> started.countDown()));
            }
            assertTrue(started.await(30, TimeUnit.SECONDS));
            for (var f : futures) assertEquals(30, f.get(30, TimeUnit.SECONDS).tokens().length);
        }
    }

    @Test
    void cancelledRequestsLeaveAndOthersGoOn() {
        try (BatchGenerator batch = new BatchGenerator(model, 4)) {
            Cancellation cancel = new Cancellation();
            List<String> pieces = new ArrayList<>();
            var cancelled = batch.submit(greedy("Once upon a time", 200).withCancellation(cancel), p -> {
                pieces.add(p);
                if (pieces.size() == 3) cancel.cancel();
            });
            var dropped = batch.submit(greedy("Lily wanted to", 200), p -> {});
            var other = batch.submit(greedy("The dog", 40), p -> {});
            dropped.cancel(true);
            Generation g = cancelled.join();
            assertEquals(Generation.FinishReason.CANCELLED, g.finishReason());
            assertTrue(g.tokens().length < 200, "stopped after " + g.tokens().length);
            assertEquals(model.generate(greedy("The dog", 40), p -> {}).text(), other.join().text());
            assertTrue(dropped.isCancelled());
        }
    }

    @Test
    void badRequestsFailAloneWithClearErrors() {
        try (BatchGenerator batch = new BatchGenerator(model, 2)) {
            var bestOf = assertThrows(LlmException.class, () -> batch.submit(greedy("The dog", 5).withBestOf(2), p -> {}));
            assertTrue(bestOf.getMessage().contains("best-of-2"), bestOf.getMessage());
            int[] tooLong = new int[model.contextLength()];
            java.util.Arrays.fill(tooLong, 1);
            var context = assertThrows(LlmException.class, () -> batch.submit(GenerationRequest.of(tooLong), p -> {}));
            assertTrue(context.getMessage().contains("shorten the prompt"), context.getMessage());
            var failing = batch.submit(greedy("The dog", 20), p -> { throw new IllegalStateException("socket closed"); });
            var fine = batch.submit(greedy("Once upon a time", 20), p -> {});
            var e = assertThrows(CompletionException.class, failing::join);
            assertInstanceOf(LlmException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("socket closed"), e.getCause().getMessage());
            assertEquals(20, fine.join().tokens().length);
        }
    }

    @Test
    void closingFailsUnfinishedRequests() {
        BatchGenerator batch = new BatchGenerator(model, 1);
        var running = batch.submit(greedy("Once upon a time", 100_000), p -> {});
        var queued = batch.submit(greedy("The dog", 10), p -> {});
        batch.close();
        for (var f : List.of(running, queued)) {
            var e = assertThrows(CompletionException.class, f::join);
            assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
        }
        var late = batch.submit(greedy("The dog", 10), p -> {});
        assertTrue(assertThrows(CompletionException.class, late::join).getCause().getMessage().contains("closed"));
    }
}
