package dev.cairn.mcp;

import dev.cairn.mcp.schema.ElicitParams;
import dev.cairn.mcp.schema.ElicitResult;

/**
 * Asks the user what a server wants to know ({@code elicitation/create}): in form mode fill
 * {@link ElicitParams#requestedSchema()}, in URL mode send the user to {@link ElicitParams#url()}; give it to
 * {@link McpClient.Builder#elicitation}. Answer {@link ElicitResult#accept}, {@code decline()} or {@code cancel()}.
 */
@FunctionalInterface
public interface ElicitationHandler {
    ElicitResult elicit(ElicitParams request) throws Exception;
}
