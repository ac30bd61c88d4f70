package dev.cairn.agents.local;

import dev.cairn.llm.tools.ToolCallFormat;

import java.util.List;
import java.util.function.Consumer;

/**
 * Streams a reply's prose but never its tool-call markup: text that might begin a call's opening
 * ({@code <tool_call>}, {@code [TOOL_CALLS]}, Llama's leading {@code {}) is held back until it is decided; once a
 * call has begun nothing more is streamed.
 */
final class ProseStream {
    private final List<String> openings;
    private final boolean jsonReply;
    private final Consumer<String> out;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean call;

    ProseStream(ToolCallFormat format, Consumer<String> out) {
        this.openings = List.of("<tool_call>", "[TOOL_CALLS]", "<|python_tag|>");
        this.jsonReply = format == ToolCallFormat.LLAMA3_JSON;
        this.out = out;
    }

    void accept(String piece) {
        if (call) return;
        text.append(piece);
        String s = text.toString();
        if (jsonReply && s.stripLeading().startsWith("{")) {
            call = true;
            return;
        }
        for (String o : openings) {
            if (s.indexOf(o, emitted) >= 0 || s.indexOf(o) >= 0) {
                int at = s.indexOf(o);
                if (at > emitted) out.accept(s.substring(emitted, at));
                emitted = Math.max(emitted, at);
                call = true;
                return;
            }
        }
        int safe = s.length();
        for (String o : openings) {
            for (int k = Math.min(o.length() - 1, s.length()); k > 0; k--) {
                if (s.endsWith(o.substring(0, k))) {
                    safe = Math.min(safe, s.length() - k);
                    break;
                }
            }
        }
        if (jsonReply && s.isBlank()) safe = emitted;
        if (safe > emitted) {
            out.accept(s.substring(emitted, safe));
            emitted = safe;
        }
    }

    /** The reply ended without a call: what was held back is prose. */
    void finish() {
        if (!call && emitted < text.length()) out.accept(text.substring(emitted));
        emitted = text.length();
    }
}
