package dev.cairn.mcp.schema;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.RequestId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaJsonTest {

    private static JsonNode json(String text) {
        return JsonCodec.mapper().readTree(text);
    }

    @Test
    void contentBlocksCarryTheirTypeTag() {
        CallToolResult result = new CallToolResult(List.of(
                ContentBlock.text("hi"),
                new ImageContent("AAA=", "image/png", new Annotations(List.of(Role.USER), 0.5, null), null),
                new AudioContent("AAA=", "audio/wav", null, null),
                new ResourceLink("file:///a.txt", "a", null, null, "text/plain", null, 3L, null, null),
                new EmbeddedResource(new TextResourceContents("file:///a.txt", "text/plain", "abc"), null, null)),
                null, true, null);
        JsonNode tree = JsonCodec.toObject(result);
        assertEquals("text", tree.at("/content/0/type").stringValue());
        assertEquals("image", tree.at("/content/1/type").stringValue());
        assertEquals("user", tree.at("/content/1/annotations/audience/0").stringValue());
        assertEquals("audio", tree.at("/content/2/type").stringValue());
        assertEquals("resource_link", tree.at("/content/3/type").stringValue());
        assertEquals("resource", tree.at("/content/4/type").stringValue());
        assertEquals("abc", tree.at("/content/4/resource/text").stringValue());
        assertTrue(tree.get("isError").booleanValue());
        assertFalse(tree.has("structuredContent"), "null fields are omitted");
        assertEquals(result, JsonCodec.result(tree, CallToolResult.class));
    }

    @Test
    void resourceContentsAreToldApartByTheirMembers() {
        ReadResourceResult read = JsonCodec.result(json("""
                {"contents":[{"uri":"a://1","text":"t"},{"uri":"a://2","mimeType":"x/y","blob":"AQID"}]}"""),
                ReadResourceResult.class);
        assertInstanceOf(TextResourceContents.class, read.contents().get(0));
        BlobResourceContents blob = assertInstanceOf(BlobResourceContents.class, read.contents().get(1));
        assertArrayEquals(new byte[]{1, 2, 3}, blob.bytes());
    }

    @Test
    void metaIsWrittenAsUnderscoreMeta() {
        TextContent text = new TextContent("x", null, JsonCodec.object().put("k", "v"));
        JsonNode tree = JsonCodec.toObject(text);
        assertEquals("v", tree.at("/_meta/k").stringValue());
        assertEquals(text, JsonCodec.result(tree, ContentBlock.class));
    }

    @Test
    void initializeRoundTrips() {
        InitializeParams params = JsonCodec.params(json("""
                {"protocolVersion":"2025-11-25","capabilities":{"roots":{"listChanged":true},"sampling":{}},
                 "clientInfo":{"name":"c","version":"1","websiteUrl":"https://example.com"},"extra":1}"""),
                InitializeParams.class, RequestId.of(1));
        assertEquals("2025-11-25", params.protocolVersion());
        assertTrue(params.capabilities().roots().listChanged());
        assertTrue(params.capabilities().sampling().isEmpty());
        assertEquals("https://example.com", params.clientInfo().websiteUrl());
    }

    @Test
    void missingRequiredFieldsAreInvalidParams() {
        JsonRpcException e = assertThrows(JsonRpcException.class,
                () -> JsonCodec.params(json("{\"arguments\":{}}"), CallToolParams.class, RequestId.of(4)));
        assertEquals(-32602, e.error().code());
        assertEquals(RequestId.of(4), e.id());
        assertTrue(e.getMessage().contains("name"), e.getMessage());
        assertEquals(-32602, assertThrows(JsonRpcException.class,
                () -> JsonCodec.params(json("{\"level\":\"loud\"}"), SetLevelParams.class, RequestId.of(5))).error().code());
    }

    @Test
    void idsAndProgressTokensAreStringsOrIntegers() {
        CancelledParams cancelled = JsonCodec.result(json("{\"requestId\":\"r-1\",\"reason\":\"bored\"}"), CancelledParams.class);
        assertEquals(RequestId.of("r-1"), cancelled.requestId());
        ProgressParams progress = JsonCodec.result(json("{\"progressToken\":12,\"progress\":0.5,\"total\":1}"), ProgressParams.class);
        assertEquals(RequestId.of(12), progress.progressToken());
        assertEquals(12, JsonCodec.toObject(progress).get("progressToken").intValue());
    }

    @Test
    void toolSchemasMustBeObjects() {
        assertThrows(IllegalArgumentException.class, () -> new Tool("t", null, null,
                JsonCodec.object().put("type", "string"), null, null, null, null, null));
        Tool tool = new Tool("t", null, "d", JsonCodec.object().put("type", "object"), null,
                new ToolAnnotations(null, true, null, null, null), null, null, null);
        JsonNode tree = JsonCodec.toObject(tool);
        assertTrue(tree.at("/annotations/readOnlyHint").booleanValue());
        assertFalse(tree.has("outputSchema"));
    }

    @Test
    void completionReferencesAndLevels() {
        CompleteParams params = JsonCodec.result(json("""
                {"ref":{"type":"ref/prompt","name":"greet"},"argument":{"name":"name","value":"A"}}"""), CompleteParams.class);
        assertEquals(new CompletionReference.PromptRef("greet", null), params.ref());
        assertEquals("ref/resource", JsonCodec.toObject(new CompleteParams(new CompletionReference.ResourceTemplateRef("a://{x}"),
                new CompleteParams.Argument("x", ""), null, null)).at("/ref/type").stringValue());
        assertTrue(LoggingLevel.ERROR.atLeast(LoggingLevel.WARNING));
        assertFalse(LoggingLevel.DEBUG.atLeast(LoggingLevel.INFO));
        assertEquals("\"emergency\"", JsonCodec.mapper().writeValueAsString(LoggingLevel.EMERGENCY));
    }
}
