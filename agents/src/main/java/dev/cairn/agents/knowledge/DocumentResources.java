package dev.cairn.agents.knowledge;

import dev.cairn.agents.AgentException;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.schema.ReadResourceResult;
import dev.cairn.mcp.schema.Resource;
import dev.cairn.mcp.schema.TextResourceContents;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.load.DocumentLoaders;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.TreeSet;

/** The indexed documents as MCP resources, one per document, read through Cairn's loaders. */
final class DocumentResources {
    static final String CAIRN_PREFIX = "cairn://doc/";

    private DocumentResources() {}

    /** {@code file://} for an absolute path (how files are indexed), else {@code cairn://doc/<percent-encoded>}. */
    static String uriOf(String path) {
        Path p = Path.of(path);
        if (p.isAbsolute()) return p.toUri().toString();
        return CAIRN_PREFIX + URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    static void register(RagIndex index, McpServer.Builder builder) {
        for (String path : new TreeSet<>(index.store().documentHashes().keySet())) {
            String uri = uriOf(path);
            String type = DocumentLoaders.typeOf(path);
            String mime = "markdown".equals(type) ? "text/markdown" : "text/plain";
            String name = Path.of(path).getFileName() == null ? path : Path.of(path).getFileName().toString();
            builder.resource(new Resource(uri, name, null, "Indexed document " + path + " (its extracted text)", mime,
                            null, null, null, null),
                    (u, vars, ctx) -> ReadResourceResult.of(new TextResourceContents(uri, mime, read(path))));
        }
    }

    static String read(String path) {
        try {
            Path p = Path.of(path);
            // ingest never follows links, so an indexed file that is a link now was swapped after ingest
            if (Files.isSymbolicLink(p)) {
                throw new AgentException("indexed document " + path + " is now a symbolic link; refusing to read outside the indexed files");
            }
            return DocumentLoaders.load(path, Files.readAllBytes(p)).document().text();
        } catch (NoSuchFileException e) {
            throw new AgentException("indexed document " + path + " no longer exists; re-run cairn ingest to update the index");
        } catch (IOException e) {
            throw new AgentException("cannot read indexed document " + path + ": " + e.getMessage(), e);
        }
    }
}
