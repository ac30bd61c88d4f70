package dev.cairn.agents;

/** Tokens a model turn cost: prompt (input) and generated (output); 0 when the model does not say. */
public record TokenUsage(int input, int output) {
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(input + other.input, output + other.output);
    }
}
