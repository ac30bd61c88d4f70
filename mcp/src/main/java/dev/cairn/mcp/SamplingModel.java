package dev.cairn.mcp;

import dev.cairn.mcp.schema.CreateMessageParams;
import dev.cairn.mcp.schema.CreateMessageResult;

/**
 * The model a client lends to servers that ask for completions ({@code sampling/createMessage}); give it to
 * {@link McpClient.Builder#sampling}. A client in front of a user should let the user review the request and
 * the answer. Throw {@link McpException} to refuse (e.g. code -1, "User rejected sampling request").
 */
@FunctionalInterface
public interface SamplingModel {
    CreateMessageResult createMessage(CreateMessageParams request) throws Exception;
}
