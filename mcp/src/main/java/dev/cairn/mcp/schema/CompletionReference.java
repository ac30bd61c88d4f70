package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a completion request completes an argument of: a prompt, or a resource template. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CompletionReference.PromptRef.class, name = "ref/prompt"),
        @JsonSubTypes.Type(value = CompletionReference.ResourceTemplateRef.class, name = "ref/resource")})
public sealed interface CompletionReference {
    record PromptRef(String name, String title) implements CompletionReference {
        public PromptRef {
            Require.nonNull(name, "name");
        }
    }

    record ResourceTemplateRef(String uri) implements CompletionReference {
        public ResourceTemplateRef {
            Require.nonNull(uri, "uri");
        }
    }
}
