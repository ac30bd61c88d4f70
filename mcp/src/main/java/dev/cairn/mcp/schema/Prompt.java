package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** A prompt or prompt template as listed by {@code prompts/list}. */
public record Prompt(String name, String title, String description, List<PromptArgument> arguments,
                     List<Icon> icons, @JsonProperty("_meta") ObjectNode meta) {
    public Prompt {
        Require.nonNull(name, "name");
        arguments = arguments == null ? null : List.copyOf(arguments);
        icons = icons == null ? null : List.copyOf(icons);
    }

    public Prompt(String name, String description, List<PromptArgument> arguments) {
        this(name, null, description, arguments, null, null);
    }
}
