/**
 * OpenAI's wire format as records (Jackson 3, snake_case names through {@code @JsonProperty}): chat completions
 * (plain and streamed chunks, tools), legacy completions, embeddings, the model list and the error body. Fields a
 * request may leave out are nullable; {@code validated()} methods check ranges and return the one-line message a
 * client sees in a 400. Reusable by anything that speaks the protocol (the server, a Spring controller).
 */
package dev.cairn.server.openai;
