package dev.cairn.mcp.schema;

import tools.jackson.databind.node.ObjectNode;

/** What a server offers; a present member declares the capability (an empty object is enough). */
public record ServerCapabilities(ObjectNode experimental, ObjectNode logging, ObjectNode completions,
                                 ListChanged prompts, ResourcesCapability resources, ListChanged tools,
                                 ObjectNode tasks) {
}
