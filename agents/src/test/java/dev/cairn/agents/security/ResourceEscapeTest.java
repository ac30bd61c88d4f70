package dev.cairn.agents.security;

import dev.cairn.agents.knowledge.KnowledgeBaseServer;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.McpException;
import dev.cairn.mcp.schema.Resource;
import dev.cairn.mcp.schema.TextResourceContents;
import dev.cairn.mcp.transport.InProcessTransport;
import dev.cairn.rag.Chunker;
import dev.cairn.rag.HashingEmbedder;
import dev.cairn.rag.IngestOptions;
import dev.cairn.rag.Ingestor;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The knowledge-base MCP server's document resources cannot be used to read files outside what was indexed: not
 * by a URI that names another file, not by {@code ..} segments or percent-encoding, not through a symbolic link
 * planted in the ingested folder (the walker does not follow it, so it is never indexed), and not by replacing an
 * indexed file with a symbolic link after ingest (the read refuses it).
 */
class ResourceEscapeTest {
    @TempDir
    Path tmp;

    @Test
    void resourcesStayInsideTheIndexedFiles() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "the launch code is 0000");
        Files.createDirectories(tmp.resolve("private"));
        Files.writeString(tmp.resolve("private/keys.md"), "# keys\nprivate key material");
        Files.writeString(docs.resolve("notes.md"), "# Notes\nRivers flow to the sea.");
        Files.writeString(docs.resolve("later.txt"), "This file is replaced by a link after ingest.");
        Files.createSymbolicLink(docs.resolve("link-to-secret.txt"), secret);
        Files.createSymbolicLink(docs.resolve("linked-dir"), tmp.resolve("private"));

        var embedder = new HashingEmbedder();
        try (var index = new RagIndex(LuceneChunkStore.open(tmp.resolve("index"), embedder.modelName(), embedder.dimension(),
                LuceneStoreOptions.defaults()), embedder, new Chunker(64, 8, s -> s.split("\\s+").length, "words"))) {
            index.ingest(List.of(docs), IngestOptions.defaults(), Ingestor.Progress.NONE);
            assertEquals(2, index.store().info().documents(), "symbolic links in the folder are not followed");

            try (McpClient c = McpClient.builder().connect(InProcessTransport.to(KnowledgeBaseServer.builder(index).build()))) {
                List<String> uris = c.listAllResources().stream().map(Resource::uri).toList();
                assertEquals(List.of(docs.resolve("later.txt").toUri().toString(), docs.resolve("notes.md").toUri().toString()),
                        uris.stream().sorted().toList());
                String notes = docs.resolve("notes.md").toUri().toString();
                assertTrue(((TextResourceContents) c.readResource(notes).contents().getFirst()).text().contains("Rivers"));

                for (String attempt : List.of(secret.toUri().toString(),
                        notes.replace("notes.md", "../secret.txt"),
                        notes.replace("notes.md", "%2E%2E/secret.txt"),
                        docs.resolve("link-to-secret.txt").toUri().toString(),
                        docs.resolve("linked-dir/keys.md").toUri().toString(),
                        "file:///etc/passwd", "cairn://doc/..%2Fsecret.txt")) {
                    assertThrows(McpException.class, () -> c.readResource(attempt), attempt);
                }

                // an indexed file swapped for a link to a file outside after ingest is refused, not followed
                Files.delete(docs.resolve("later.txt"));
                Files.createSymbolicLink(docs.resolve("later.txt"), secret);
                McpException e = assertThrows(McpException.class, () -> c.readResource(docs.resolve("later.txt").toUri().toString()));
                assertFalse(e.getMessage().contains("launch code"), e.getMessage());
                assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            }
        }
    }
}
