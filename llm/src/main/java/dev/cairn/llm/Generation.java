package dev.cairn.llm;

/**
 * A finished generation: the tokens and text generated (without the stop token or stop string), why it ended,
 * what it cost, and the logits after the last prompt token (a copy).
 */
public record Generation(int[] promptTokens, int[] tokens, String text, FinishReason finishReason, Usage usage,
                         double meanLogProb, float[] promptLogits) {

    public enum FinishReason {
        /** A stop token of the model (end of sequence or turn) or a stop string. */
        STOP,
        /** {@code maxTokens} generated, or the context is full. */
        LENGTH,
        /** The request's {@link Cancellation} was raised. */
        CANCELLED
    }

    /**
     * @param promptTokens    tokens in the prompt
     * @param generatedTokens tokens sampled (all candidates with best-of-n; a stop token counts)
     * @param prefillNanos    time computing the prompt
     * @param decodeNanos     time sampling and computing the generated tokens
     */
    public record Usage(int promptTokens, int generatedTokens, long prefillNanos, long decodeNanos) {
        public double prefillTokensPerSecond() {
            return prefillNanos == 0 ? 0 : promptTokens * 1e9 / prefillNanos;
        }

        public double decodeTokensPerSecond() {
            return decodeNanos == 0 ? 0 : generatedTokens * 1e9 / decodeNanos;
        }
    }
}
