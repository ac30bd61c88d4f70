package dev.cairn.spring;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IDE metadata the configuration processor writes into the jar: every {@code cairn.*} property is listed with
 * its type, a description and its default, and the hints name the built-in embedding models.
 */
class ConfigurationMetadataTest {
    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not on the classpath");
            return JsonCodec.mapper().readTree(in);
        }
    }

    @Test
    void everyPropertyHasATypeADescriptionAndItsDefault() throws IOException {
        Map<String, JsonNode> properties = new TreeMap<>();
        read("META-INF/spring-configuration-metadata.json").path("properties").forEach(p -> properties.put(p.path("name").asString(), p));
        for (String name : new String[]{"cairn.embeddings.model", "cairn.index.path", "cairn.index.search-mode",
                "cairn.ingest.paths", "cairn.llm.model-path", "cairn.llm.openai.base-url", "cairn.llm.openai.model",
                "cairn.llm.openai.api-key", "cairn.mcp.server.enabled", "cairn.mcp.server.path", "cairn.mcp.clients"}) {
            assertTrue(properties.containsKey(name), name + " is missing from " + properties.keySet());
        }
        properties.forEach((name, property) -> {
            assertFalse(property.path("type").asString("").isEmpty(), name + " has no type");
            String description = property.path("description").asString("");
            assertTrue(!description.isEmpty() && Character.isUpperCase(description.charAt(0)) && !description.contains("{@"),
                    name + ": '" + description + "'");
        });
        assertEquals("bge-small-en-v1.5", properties.get("cairn.embeddings.model").path("defaultValue").asString());
        assertEquals("/mcp", properties.get("cairn.mcp.server.path").path("defaultValue").asString());
        assertEquals("java.nio.file.Path", properties.get("cairn.index.path").path("type").asString());
        assertTrue(properties.get("cairn.mcp.server.enabled").path("defaultValue").asBoolean());
    }

    @Test
    void hintsNameTheBuiltInEmbeddingModels() throws IOException {
        JsonNode hints = read("META-INF/spring-configuration-metadata.json").path("hints");
        JsonNode models = hints.valueStream().filter(h -> h.path("name").asString().equals("cairn.embeddings.model")).findFirst().orElseThrow();
        assertEquals(java.util.List.of("bge-small-en-v1.5", "all-minilm-l6-v2-q"),
                models.path("values").valueStream().map(v -> v.path("value").asString()).toList());
    }
}
