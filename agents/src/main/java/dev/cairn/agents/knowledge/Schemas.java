package dev.cairn.agents.knowledge;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import tools.jackson.databind.node.ObjectNode;

/** The JSON Schemas (2020-12) of the knowledge-base tools' arguments and structured results. */
final class Schemas {
    private Schemas() {}

    static ObjectNode searchInput() {
        ObjectNode s = object();
        ObjectNode p = s.putObject("properties");
        p.putObject("query").put("type", "string").put("minLength", 1).put("description", "What to look for");
        p.putObject("k").put("type", "integer").put("minimum", 1).put("maximum", KnowledgeBaseServer.MAX_K)
                .put("default", 5).put("description", "How many passages to return");
        ObjectNode mode = p.putObject("mode").put("type", "string").put("default", "hybrid")
                .put("description", "vector (meaning), bm25 (words) or hybrid (both, fused by reciprocal rank)");
        mode.putArray("enum").add("vector").add("bm25").add("hybrid");
        s.putArray("required").add("query");
        return s;
    }

    static ObjectNode searchOutput() {
        ObjectNode s = object();
        ObjectNode passage = s.putObject("properties").putObject("passages").put("type", "array").putObject("items");
        passage.put("type", "object");
        ObjectNode p = passage.putObject("properties");
        p.putObject("rank").put("type", "integer");
        p.putObject("score").put("type", "number");
        p.putObject("citation").put("type", "string").put("description", "path › title › heading (p. N)");
        p.putObject("path").put("type", "string");
        p.putObject("uri").put("type", "string").put("description", "the document's resource URI");
        p.putObject("title").put("type", "string");
        p.putObject("headings").put("type", "array").putObject("items").put("type", "string");
        p.putObject("page").put("type", "integer").put("description", "0 for formats without pages");
        p.putObject("text").put("type", "string");
        passage.putArray("required").add("rank").add("score").add("citation").add("path").add("uri").add("text");
        s.putArray("required").add("passages");
        return s;
    }

    static ObjectNode askInput() {
        ObjectNode s = object();
        s.putObject("properties").putObject("question").put("type", "string").put("minLength", 1)
                .put("description", "The question to answer from the indexed documents");
        s.putArray("required").add("question");
        return s;
    }

    static ObjectNode askOutput() {
        ObjectNode s = object();
        ObjectNode p = s.putObject("properties");
        p.putObject("answer").put("type", "string").put("description", "cites sources as [n]");
        p.putObject("grounded").put("type", "boolean").put("description", "false when no source was relevant enough");
        p.putObject("extractive").put("type", "boolean").put("description", "true when quoted rather than generated");
        ObjectNode source = p.putObject("sources").put("type", "array").putObject("items");
        source.put("type", "object");
        ObjectNode sp = source.putObject("properties");
        sp.putObject("n").put("type", "integer");
        sp.putObject("citation").put("type", "string");
        sp.putObject("path").put("type", "string");
        sp.putObject("uri").put("type", "string");
        source.putArray("required").add("n").add("citation").add("uri");
        s.putArray("required").add("answer").add("grounded").add("extractive").add("sources");
        return s;
    }

    private static ObjectNode object() {
        return JsonCodec.object().put("type", "object");
    }
}
