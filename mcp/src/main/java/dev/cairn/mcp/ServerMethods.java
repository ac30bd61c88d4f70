package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.jsonrpc.RequestId;
import dev.cairn.mcp.schema.CallToolParams;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.CompleteParams;
import dev.cairn.mcp.schema.GetPromptParams;
import dev.cairn.mcp.schema.GetPromptResult;
import dev.cairn.mcp.schema.ListPromptsResult;
import dev.cairn.mcp.schema.ListResourceTemplatesResult;
import dev.cairn.mcp.schema.ListResourcesResult;
import dev.cairn.mcp.schema.ListToolsResult;
import dev.cairn.mcp.schema.PaginatedParams;
import dev.cairn.mcp.schema.PromptArgument;
import dev.cairn.mcp.schema.ReadResourceParams;
import dev.cairn.mcp.schema.ReadResourceResult;
import dev.cairn.mcp.schema.SetLevelParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** The server's request methods, after the handshake. Each returns the JSON result or throws a protocol error. */
final class ServerMethods {
    private static final Logger log = LoggerFactory.getLogger(ServerMethods.class);

    private final McpServer server;
    private final Session session;

    ServerMethods(McpServer server, Session session) {
        this.server = server;
        this.session = session;
    }

    JsonNode handle(JsonRpcMessage.Request request, RequestScope scope) throws Exception {
        RequestId id = request.id();
        ObjectNode params = request.params();
        return switch (request.method()) {
            case "ping" -> JsonCodec.object();
            case "tools/list" -> listTools(JsonCodec.params(params, PaginatedParams.class, id), id);
            case "tools/call" -> callTool(JsonCodec.params(params, CallToolParams.class, id), scope);
            case "resources/list" -> listResources(JsonCodec.params(params, PaginatedParams.class, id), id);
            case "resources/templates/list" -> listTemplates(JsonCodec.params(params, PaginatedParams.class, id), id);
            case "resources/read" -> readResource(JsonCodec.params(params, ReadResourceParams.class, id), scope);
            case "resources/subscribe" -> {
                session.subscribe(JsonCodec.params(params, ReadResourceParams.class, id).uri());
                yield JsonCodec.object();
            }
            case "resources/unsubscribe" -> {
                session.unsubscribe(JsonCodec.params(params, ReadResourceParams.class, id).uri());
                yield JsonCodec.object();
            }
            case "prompts/list" -> listPrompts(JsonCodec.params(params, PaginatedParams.class, id), id);
            case "prompts/get" -> getPrompt(JsonCodec.params(params, GetPromptParams.class, id), scope);
            case "logging/setLevel" -> {
                session.setLogLevel(JsonCodec.params(params, SetLevelParams.class, id).level());
                yield JsonCodec.object();
            }
            case "completion/complete" -> complete(JsonCodec.params(params, CompleteParams.class, id), scope);
            default -> throw new JsonRpcException(JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + request.method(), id);
        };
    }

    private JsonNode listTools(PaginatedParams params, RequestId id) {
        var page = Pages.of(server.tools(), params.cursor(), server.pageSize(), id);
        var tools = page.items().stream().map(McpServer.RegisteredTool::tool).toList();
        return JsonCodec.toObject(new ListToolsResult(tools, page.nextCursor(), null));
    }

    private JsonNode callTool(CallToolParams params, RequestScope scope) throws InterruptedException {
        McpServer.RegisteredTool tool = server.tool(params.name());
        if (tool == null) {
            throw new JsonRpcException(JsonRpcError.INVALID_PARAMS, "Unknown tool: " + params.name(), scope.requestId());
        }
        ObjectNode arguments = params.arguments() == null ? JsonCodec.object() : params.arguments();
        String problems = server.argumentProblems(params.name(), arguments);
        if (problems != null) {
            if (session.isPerRequest()) {
                throw new JsonRpcException(JsonRpcError.INVALID_PARAMS, problems, scope.requestId());
            }
            return JsonCodec.toObject(CallToolResult.error(problems));
        }
        CallToolResult result;
        try {
            result = tool.handler().call(arguments, scope);
            if (result == null) {
                result = CallToolResult.error("Tool " + params.name() + " returned no result");
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (McpException e) {
            if (e instanceof InputRequired || (session.isPerRequest() && e.code() == Stateless.MISSING_REQUIRED_CLIENT_CAPABILITY)) {
                throw e;
            }
            log.debug("tool {} failed", params.name(), e);
            result = CallToolResult.error(e.getMessage());
        } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
            log.debug("tool {} failed", params.name(), e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            result = CallToolResult.error(message);
        }
        return JsonCodec.toObject(result);
    }

    private JsonNode listResources(PaginatedParams params, RequestId id) {
        var page = Pages.of(server.resources(), params.cursor(), server.pageSize(), id);
        var resources = page.items().stream().map(McpServer.RegisteredResource::resource).toList();
        return JsonCodec.toObject(new ListResourcesResult(resources, page.nextCursor(), null));
    }

    private JsonNode listTemplates(PaginatedParams params, RequestId id) {
        var page = Pages.of(server.templates(), params.cursor(), server.pageSize(), id);
        var templates = page.items().stream().map(McpServer.RegisteredTemplate::template).toList();
        return JsonCodec.toObject(new ListResourceTemplatesResult(templates, page.nextCursor(), null));
    }

    private JsonNode readResource(ReadResourceParams params, RequestScope scope) throws Exception {
        String uri = params.uri();
        McpServer.RegisteredResource fixed = server.resource(uri);
        ReadResourceResult result = null;
        if (fixed != null) {
            result = fixed.handler().read(uri, Map.of(), scope);
        } else {
            for (McpServer.RegisteredTemplate template : server.templates()) {
                Map<String, String> variables = template.pattern().match(uri);
                if (variables != null) {
                    result = template.handler().read(uri, variables, scope);
                    break;
                }
            }
        }
        if (result == null) {
            ObjectNode data = JsonCodec.object().put("uri", uri);
            throw new McpException(JsonRpcError.RESOURCE_NOT_FOUND, "Resource not found: " + uri, data, null);
        }
        return JsonCodec.toObject(result);
    }

    private JsonNode listPrompts(PaginatedParams params, RequestId id) {
        var page = Pages.of(server.prompts(), params.cursor(), server.pageSize(), id);
        var prompts = page.items().stream().map(McpServer.RegisteredPrompt::prompt).toList();
        return JsonCodec.toObject(new ListPromptsResult(prompts, page.nextCursor(), null));
    }

    private JsonNode getPrompt(GetPromptParams params, RequestScope scope) throws Exception {
        McpServer.RegisteredPrompt prompt = server.prompt(params.name());
        if (prompt == null) {
            throw new JsonRpcException(JsonRpcError.INVALID_PARAMS, "Unknown prompt: " + params.name(), scope.requestId());
        }
        List<PromptArgument> declared = prompt.prompt().arguments() == null ? List.of() : prompt.prompt().arguments();
        for (PromptArgument argument : declared) {
            if (Boolean.TRUE.equals(argument.required()) && !params.arguments().containsKey(argument.name())) {
                throw new JsonRpcException(JsonRpcError.INVALID_PARAMS,
                        "Missing required argument '" + argument.name() + "' for prompt " + params.name(), scope.requestId());
            }
        }
        GetPromptResult result = prompt.handler().get(params.arguments(), scope);
        if (result == null) {
            throw new McpException(JsonRpcError.INTERNAL_ERROR, "Prompt " + params.name() + " produced nothing");
        }
        return JsonCodec.toObject(result);
    }

    private JsonNode complete(CompleteParams params, RequestScope scope) throws Exception {
        McpServer.CompletionHandler handler = server.completion();
        if (handler == null) {
            throw new JsonRpcException(JsonRpcError.METHOD_NOT_FOUND,
                    "Method not found: completion/complete (this server declares no completions capability)", scope.requestId());
        }
        return JsonCodec.toObject(handler.complete(params, scope));
    }
}
