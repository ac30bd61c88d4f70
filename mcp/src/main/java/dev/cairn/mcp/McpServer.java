package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import tools.jackson.databind.JsonNode;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.CompleteParams;
import dev.cairn.mcp.schema.CompleteResult;
import dev.cairn.mcp.schema.GetPromptResult;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.schema.Prompt;
import dev.cairn.mcp.schema.ReadResourceResult;
import dev.cairn.mcp.schema.Resource;
import dev.cairn.mcp.schema.ResourceTemplate;
import dev.cairn.mcp.schema.Tool;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An MCP server: the tools, resources and prompts it offers and how to answer for them. It is transport
 * independent; a transport opens a {@link ServerSession} per client with {@link #newSession()}.
 *
 * <pre>{@code
 * McpServer server = McpServer.builder().name("notes").version("1.0")
 *     .tool("echo", "Echoes its input", schema, (args, ctx) -> CallToolResult.text(args.path("text").asString()))
 *     .build();
 * }</pre>
 */
public final class McpServer {

    /** Runs a tool. An exception it throws becomes a result with {@code isError: true} carrying its message. */
    @FunctionalInterface
    public interface ToolHandler {
        CallToolResult call(ObjectNode arguments, RequestContext context) throws Exception;
    }

    /**
     * Reads a resource. {@code variables} holds the URI template's variables (empty for a fixed resource).
     * Throw {@link McpException#resourceNotFound} for a URI the handler does not know.
     */
    @FunctionalInterface
    public interface ResourceHandler {
        ReadResourceResult read(String uri, Map<String, String> variables, RequestContext context) throws Exception;
    }

    /** Fills a prompt template; required arguments are checked before it is called. */
    @FunctionalInterface
    public interface PromptHandler {
        GetPromptResult get(Map<String, String> arguments, RequestContext context) throws Exception;
    }

    /** Suggests values for a prompt's or resource template's argument. */
    @FunctionalInterface
    public interface CompletionHandler {
        CompleteResult complete(CompleteParams params, RequestContext context) throws Exception;
    }

    record RegisteredTool(Tool tool, ToolHandler handler) {
    }

    record RegisteredResource(Resource resource, ResourceHandler handler) {
    }

    record RegisteredTemplate(ResourceTemplate template, UriTemplate pattern, ResourceHandler handler) {
    }

    record RegisteredPrompt(Prompt prompt, PromptHandler handler) {
    }

    private final Implementation serverInfo;
    private final String instructions;
    private final int pageSize;
    private final Map<String, RegisteredTool> tools;
    private final Map<String, RegisteredResource> resources;
    private final List<RegisteredTemplate> templates;
    private final Map<String, RegisteredPrompt> prompts;
    private final CompletionHandler completion;
    private final ArgumentValidator validator;
    private final List<RegisteredTool> toolOrder;
    private final List<RegisteredResource> resourceOrder;
    private final List<RegisteredPrompt> promptOrder;
    private final java.util.Set<Session> sessions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Subscriptions subscriptions = new Subscriptions();
    private final RequestStates requestStates = new RequestStates();

    private McpServer(Builder b) {
        this.serverInfo = b.serverInfo != null ? b.serverInfo : new Implementation(b.name, b.version);
        this.instructions = b.instructions;
        this.pageSize = b.pageSize;
        this.tools = Map.copyOf(b.tools);
        this.resources = Map.copyOf(b.resources);
        this.templates = List.copyOf(b.templates);
        this.prompts = Map.copyOf(b.prompts);
        this.completion = b.completion;
        this.validator = b.validateArguments ? new ArgumentValidator() : null;
        if (validator != null) {
            b.tools.values().forEach(t -> validator.register(t.tool()));
        }
        this.toolOrder = List.copyOf(b.tools.values());
        this.resourceOrder = List.copyOf(b.resources.values());
        this.promptOrder = List.copyOf(b.prompts.values());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new session for one client connection. */
    public ServerSession newSession() {
        Session session = new Session(this);
        sessions.add(session);
        return session;
    }

    /**
     * Answers one self-contained request of a stateless revision (2026-07-28: version, capabilities and
     * client info in its {@code _meta}) outside any session; answers arrive on {@code replies} as for
     * {@link ServerSession#receive}. Transports use it for requests that carry no session.
     */
    public void handleStateless(JsonRpcMessage.Request request, MessageSink replies) {
        Stateless.handle(this, request, replies);
    }

    void detach(Session session) {
        sessions.remove(session);
    }

    /** Tells every client subscribed to {@code uri} that the resource changed ({@code notifications/resources/updated}). */
    public void notifyResourceUpdated(String uri) {
        sessions.forEach(session -> session.resourceUpdated(uri));
        subscriptions.publish("notifications/resources/updated", uri);
    }

    /** Tells clients that the tools changed, so they list them again ({@code notifications/tools/list_changed}). */
    public void notifyToolListChanged() {
        listChanged("notifications/tools/list_changed");
    }

    /** Tells clients that the prompts changed ({@code notifications/prompts/list_changed}). */
    public void notifyPromptListChanged() {
        listChanged("notifications/prompts/list_changed");
    }

    /** Tells clients that the resources changed ({@code notifications/resources/list_changed}). */
    public void notifyResourceListChanged() {
        listChanged("notifications/resources/list_changed");
    }

    private void listChanged(String method) {
        sessions.forEach(session -> session.notify(method));
        subscriptions.publish(method, null);
    }

    /** Ends every open {@code subscriptions/listen} stream gracefully, as a server does when it shuts down. */
    public void closeSubscriptions() {
        subscriptions.closeAll();
    }

    RequestStates requestStates() {
        return requestStates;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    public Implementation serverInfo() {
        return serverInfo;
    }

    String instructions() {
        return instructions;
    }

    int pageSize() {
        return pageSize;
    }

    List<RegisteredTool> tools() {
        return toolOrder;
    }

    RegisteredTool tool(String name) {
        return tools.get(name);
    }

    /** The definition of the tool named {@code name}, or null if there is none. */
    public Tool toolDefinition(String name) {
        RegisteredTool tool = tools.get(name);
        return tool == null ? null : tool.tool();
    }

    List<RegisteredResource> resources() {
        return resourceOrder;
    }

    RegisteredResource resource(String uri) {
        return resources.get(uri);
    }

    List<RegisteredTemplate> templates() {
        return templates;
    }

    List<RegisteredPrompt> prompts() {
        return promptOrder;
    }

    RegisteredPrompt prompt(String name) {
        return prompts.get(name);
    }

    CompletionHandler completion() {
        return completion;
    }

    /** Why a tool's arguments do not fit its input schema, or null (also when validation is off). */
    String argumentProblems(String tool, JsonNode arguments) {
        return validator == null ? null : validator.problems(tool, arguments);
    }

    public static final class Builder {
        private String name = "cairn";
        private String version = "0.1.0";
        private Implementation serverInfo;
        private String instructions;
        private int pageSize = 50;
        private final Map<String, RegisteredTool> tools = new LinkedHashMap<>();
        private final Map<String, RegisteredResource> resources = new LinkedHashMap<>();
        private final List<RegisteredTemplate> templates = new ArrayList<>();
        private final Map<String, RegisteredPrompt> prompts = new LinkedHashMap<>();
        private CompletionHandler completion;
        private boolean validateArguments = true;

        private Builder() {
        }

        /**
         * Whether tool arguments are checked against each tool's input schema before its handler runs (default
         * true). A mismatch is a tool error the model can see ({@code isError}); in 2026-07-28, {@code -32602}.
         */
        public Builder validateArguments(boolean validate) {
            this.validateArguments = validate;
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The full identity sent in the handshake; overrides {@link #name} and {@link #version}. */
        public Builder serverInfo(Implementation serverInfo) {
            this.serverInfo = serverInfo;
            return this;
        }

        /** A hint for the client's model on how to use this server. */
        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /** How many items a list request returns per page (default 50). */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1) {
                throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        public Builder tool(Tool tool, ToolHandler handler) {
            Objects.requireNonNull(handler, "handler");
            if (tools.putIfAbsent(tool.name(), new RegisteredTool(tool, handler)) != null) {
                throw new IllegalArgumentException("a tool named '" + tool.name() + "' is already registered");
            }
            return this;
        }

        /** A tool with a name, a description and a JSON Schema for its arguments. */
        public Builder tool(String name, String description, ObjectNode inputSchema, ToolHandler handler) {
            return tool(new Tool(name, null, description, inputSchema, null, null, null, null, null), handler);
        }

        /**
         * Registers every {@link McpTool} method of {@code target} as a tool, with JSON Schemas generated from
         * its argument and result records.
         */
        public Builder tools(Object target) {
            AnnotatedTools.of(target).forEach(registration -> tool(registration.tool(), registration.handler()));
            return this;
        }

        public Builder resource(Resource resource, ResourceHandler handler) {
            Objects.requireNonNull(handler, "handler");
            if (resources.putIfAbsent(resource.uri(), new RegisteredResource(resource, handler)) != null) {
                throw new IllegalArgumentException("a resource with URI '" + resource.uri() + "' is already registered");
            }
            return this;
        }

        /** Resources matching an RFC 6570 template (simple {@code {var}} and reserved {@code {+var}} expansions). */
        public Builder resourceTemplate(ResourceTemplate template, ResourceHandler handler) {
            Objects.requireNonNull(handler, "handler");
            templates.add(new RegisteredTemplate(template, UriTemplate.parse(template.uriTemplate()), handler));
            return this;
        }

        public Builder prompt(Prompt prompt, PromptHandler handler) {
            Objects.requireNonNull(handler, "handler");
            if (prompts.putIfAbsent(prompt.name(), new RegisteredPrompt(prompt, handler)) != null) {
                throw new IllegalArgumentException("a prompt named '" + prompt.name() + "' is already registered");
            }
            return this;
        }

        /** Answers {@code completion/complete}; declares the {@code completions} capability. */
        public Builder completion(CompletionHandler handler) {
            this.completion = handler;
            return this;
        }

        public McpServer build() {
            return new McpServer(this);
        }
    }
}
