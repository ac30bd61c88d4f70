package dev.cairn.mcp.schema;

/** An argument a prompt template takes. */
public record PromptArgument(String name, String title, String description, Boolean required) {
    public PromptArgument {
        Require.nonNull(name, "name");
    }

    public PromptArgument(String name, String description, boolean required) {
        this(name, null, description, required);
    }
}
