package dev.cairn.mcp.schema;

/** One message of a prompt. */
public record PromptMessage(Role role, ContentBlock content) {
    public PromptMessage {
        Require.nonNull(role, "role");
        Require.nonNull(content, "content");
    }

    public static PromptMessage user(String text) {
        return new PromptMessage(Role.USER, ContentBlock.text(text));
    }
}
