package dev.cairn.spring;

import dev.cairn.rag.SearchMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Cairn's settings under {@code cairn.*}. Each group creates beans only when it is configured (an index needs
 * {@code cairn.index.path}, a local model {@code cairn.llm.model-path}, a remote one
 * {@code cairn.llm.openai.base-url}); invalid combinations fail at start-up naming the property.
 *
 * @param embeddings The embedding model
 * @param index      The Lucene index on disk
 * @param ingest     Folders ingested into the index at start-up
 * @param answer     How answers are made from retrieved passages
 * @param llm        The model that writes answers: a local GGUF file or an OpenAI-compatible server
 * @param mcp        The MCP server on this application's web server and the MCP servers it uses
 * @param agent      The tool-using agent made when there is a chat model
 */
@ConfigurationProperties("cairn")
public record CairnProperties(@DefaultValue Embeddings embeddings, @DefaultValue Index index, @DefaultValue Ingest ingest,
                              @DefaultValue Answer answer, @DefaultValue Llm llm, @DefaultValue Mcp mcp,
                              @DefaultValue AgentSettings agent) {

    /**
     * @param model A built-in model name (bge-small-en-v1.5, all-minilm-l6-v2-q) or a folder with
     *              model.onnx and tokenizer.json
     */
    public record Embeddings(@DefaultValue("bge-small-en-v1.5") String model) {
    }

    /**
     * @param path           The index folder; created on first use unless read-only
     * @param searchMode     How passages are found: vector, bm25 or hybrid
     * @param maxPerDocument At most this many passages per source document in one result (0: no limit)
     * @param readOnly       Open an existing index for searching only (no ingest; another process may write it)
     */
    public record Index(Path path, @DefaultValue("hybrid") SearchMode searchMode, @DefaultValue("1") int maxPerDocument,
                        @DefaultValue("false") boolean readOnly) {
        public Index {
            if (maxPerDocument < 0) {
                throw new IllegalArgumentException("cairn.index.max-per-document must be 0 (no limit) or more, got " + maxPerDocument);
            }
        }
    }

    /**
     * @param paths     Files and folders ingested when the application starts (only changed files are re-read)
     * @param includes  Globs of files to read, relative to each path; empty means every supported type
     * @param excludes  Globs of files and folders to leave out
     */
    public record Ingest(@DefaultValue List<Path> paths, @DefaultValue List<String> includes,
                         @DefaultValue List<String> excludes) {
    }

    /**
     * @param sources   Passages retrieved and numbered for each answer
     * @param sentences Sentences quoted in an extractive answer (when no model is configured)
     */
    public record Answer(@DefaultValue("5") int sources, @DefaultValue("3") int sentences) {
        public Answer {
            if (sources < 1 || sentences < 1) {
                throw new IllegalArgumentException("cairn.answer.sources and cairn.answer.sentences must be at least 1, got "
                        + sources + " and " + sentences);
            }
        }
    }

    /**
     * @param modelPath A local .gguf chat model, run by Cairn's own runtime
     * @param maxTokens The most tokens one generated answer has
     * @param openai    An OpenAI-compatible chat completions server (needs LangChain4j's langchain4j-open-ai)
     */
    public record Llm(Path modelPath, @DefaultValue("512") int maxTokens, @DefaultValue OpenAi openai) {
        public Llm {
            if (modelPath != null && openai.baseUrl() != null) {
                throw new IllegalArgumentException("set either cairn.llm.model-path (a local model) or cairn.llm.openai.base-url "
                        + "(a remote one), not both");
            }
            if (maxTokens < 1) {
                throw new IllegalArgumentException("cairn.llm.max-tokens must be at least 1, got " + maxTokens);
            }
        }

        /**
         * @param baseUrl The server's API root, e.g. http://localhost:8080/v1
         * @param model   The model name sent with each request
         * @param apiKey  The bearer token, if the server wants one
         * @param timeout How long one completion may take
         */
        public record OpenAi(URI baseUrl, @DefaultValue("default") String model, String apiKey,
                             @DefaultValue("120s") Duration timeout) {
        }
    }

    /**
     * @param server  The MCP server on this application's web server
     * @param clients MCP servers this application uses, by name: each has a command (stdio) or a
     *                url (Streamable HTTP)
     */
    public record Mcp(@DefaultValue Server server, @DefaultValue Map<String, Client> clients) {
        public Mcp {
            clients.forEach((name, client) -> client.check(name));
        }

        /**
         * @param enabled             Serve the @McpTool methods of the application's beans
         * @param path                Where: a Streamable HTTP endpoint for both protocol revisions
         * @param name                The server name told to clients
         * @param version             The server version told to clients
         * @param knowledgeBase       Also serve the index as Cairn's knowledge-base MCP server (tools search and ask,
         *                            documents as resources) when there is an index
         * @param knowledgeBasePath   Where the knowledge-base server is
         * @param allowedOrigins      Browser origins allowed to call the MCP endpoints, exactly as sent
         * @param allowedHosts        Host names accepted in the Host header (empty: not checked)
         */
        public record Server(@DefaultValue("true") boolean enabled, @DefaultValue("/mcp") String path,
                             @DefaultValue("cairn-spring") String name, @DefaultValue("0.1.0") String version,
                             @DefaultValue("true") boolean knowledgeBase,
                             @DefaultValue("/mcp/knowledge-base") String knowledgeBasePath,
                             @DefaultValue List<String> allowedOrigins, @DefaultValue List<String> allowedHosts) {
            public Server {
                if (!path.startsWith("/") || !knowledgeBasePath.startsWith("/")) {
                    throw new IllegalArgumentException("cairn.mcp.server.path and knowledge-base-path must start with '/', got '"
                            + path + "' and '" + knowledgeBasePath + "'");
                }
                if (path.equals(knowledgeBasePath)) {
                    throw new IllegalArgumentException("cairn.mcp.server.path and knowledge-base-path must differ, both are " + path);
                }
            }
        }

        /**
         * @param command The program and its arguments that start the server on stdio (a list, or comma-separated)
         * @param url     The server's Streamable HTTP endpoint
         */
        public record Client(@DefaultValue List<String> command, URI url) {
            void check(String name) {
                if (command.isEmpty() == (url == null)) {
                    throw new IllegalArgumentException("cairn.mcp.clients." + name + " needs exactly one of command (stdio) or url "
                            + "(Streamable HTTP)");
                }
            }
        }
    }

    /**
     * @param enabled          Make an agent bean when there is a chat model (local, LangChain4j or the application's)
     * @param maxSteps         The most model turns one run may take
     * @param systemPrompt     Replaces the agent's default system prompt (which explains tools and untrusted data)
     * @param allowChanges     Let the agent run tools that may change things (not marked read-only or non-destructive)
     * @param applicationTools Offer the agent the application's @McpTool beans as tools
     */
    public record AgentSettings(@DefaultValue("true") boolean enabled, @DefaultValue("8") int maxSteps, String systemPrompt,
                                @DefaultValue("false") boolean allowChanges, @DefaultValue("true") boolean applicationTools) {
        public AgentSettings {
            if (maxSteps < 1) {
                throw new IllegalArgumentException("cairn.agent.max-steps must be at least 1, got " + maxSteps);
            }
        }
    }
}
