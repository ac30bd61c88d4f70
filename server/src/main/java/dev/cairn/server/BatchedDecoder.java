package dev.cairn.server;

import dev.cairn.llm.BatchGenerator;
import dev.cairn.llm.Generation;
import dev.cairn.llm.GenerationRequest;
import dev.cairn.llm.LlmException;
import dev.cairn.llm.Model;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Continuous batching for the server: concurrent requests share decode steps in llm's {@link BatchGenerator}.
 * The scheduler thread must never wait for a slow client, so each request's pieces go into its own queue and the
 * request's thread writes them to the connection; the generation finishing (or failing) ends the queue.
 */
final class BatchedDecoder implements LocalBackend.Decoder, AutoCloseable {
    private static final String END = new String("end"); // compared by identity

    private final BatchGenerator batch;

    BatchedDecoder(Model model, int maxSequences) {
        this.batch = new BatchGenerator(model, maxSequences);
    }

    @Override
    public Generation generate(GenerationRequest request, Consumer<String> listener) {
        var pieces = new LinkedBlockingQueue<String>();
        CompletableFuture<Generation> future = batch.submit(request, pieces::add);
        future.whenComplete((g, e) -> pieces.add(END));
        try {
            for (String piece; (piece = pieces.take()) != END; ) listener.accept(piece);
            return future.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.cancellation().cancel();
            throw new LlmException("interrupted while generating");
        } catch (CompletionException e) {
            if (e.getCause() instanceof LlmException l) throw l;
            throw new LlmException("generation failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        batch.close();
    }
}
