package dev.cairn.mcp.schema;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a client supports. Sampling, elicitation and tasks stay JSON objects until Cairn implements them;
 * presence of the member is what declares the capability.
 */
public record ClientCapabilities(ObjectNode experimental, ListChanged roots, ObjectNode sampling,
                                 ObjectNode elicitation, ObjectNode tasks) {
    public static ClientCapabilities none() {
        return new ClientCapabilities(null, null, null, null, null);
    }
}
