package dev.cairn.agents;

import dev.cairn.mcp.schema.Tool;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides whether a tool that may change things runs. The agent asks only for tools whose MCP annotations do not
 * say {@code readOnlyHint: true} and do not say {@code destructiveHint: false} (MCP's defaults: not read-only,
 * destructive); read-only tools run freely. Annotations come from the server: trust them only as far as you
 * trust it.
 */
@FunctionalInterface
public interface ConfirmationPolicy {
    /** Whether {@code tool} on {@code server} may run with {@code arguments}. */
    boolean confirm(String server, Tool tool, ObjectNode arguments);

    /** Refuses every tool that needs confirmation: the safe default. */
    static ConfirmationPolicy denyAll() {
        return (server, tool, arguments) -> false;
    }

    /** Allows everything (the CLI's {@code --yes}). */
    static ConfirmationPolicy allowAll() {
        return (server, tool, arguments) -> true;
    }

    /** Whether a tool needs confirmation by its annotations. */
    static boolean needsConfirmation(Tool tool) {
        var a = tool.annotations();
        if (a == null) return true;
        if (Boolean.TRUE.equals(a.readOnlyHint())) return false;
        return !Boolean.FALSE.equals(a.destructiveHint());
    }
}
