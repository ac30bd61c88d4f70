package dev.cairn.llm;

import java.util.List;

/**
 * Holds back generated text that might be the start of a stop string, so a stop string split across tokens
 * is caught and never emitted. {@link #offer} returns the text that is safe to emit.
 */
final class StopStrings {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    StopStrings(List<String> stops) {
        this.stops = stops;
    }

    /** Appends {@code text}; returns what can be emitted now (up to a stop string, if one completed). */
    String offer(String text) {
        if (stopped) return "";
        pending.append(text);
        int at = -1;
        for (String stop : stops) {
            int i = pending.indexOf(stop);
            if (i >= 0 && (at < 0 || i < at)) at = i;
        }
        if (at >= 0) {
            stopped = true;
            String out = pending.substring(0, at);
            pending.setLength(0);
            return out;
        }
        int hold = 0;
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, pending.length()); len > hold; len--) {
                if (endsWith(stop, len)) {
                    hold = len;
                    break;
                }
            }
        }
        // never split a surrogate pair
        int cut = pending.length() - hold;
        if (cut > 0 && Character.isHighSurrogate(pending.charAt(cut - 1))) cut--;
        String out = pending.substring(0, cut);
        pending.delete(0, cut);
        return out;
    }

    /** Whether a stop string was seen. */
    boolean stopped() {
        return stopped;
    }

    /** The text held back (the generation ended without completing a stop string). */
    String flush() {
        String out = pending.toString();
        pending.setLength(0);
        return out;
    }

    /** Whether {@code pending} ends with the first {@code len} characters of {@code stop}. */
    private boolean endsWith(String stop, int len) {
        int from = pending.length() - len;
        for (int i = 0; i < len; i++) if (pending.charAt(from + i) != stop.charAt(i)) return false;
        return true;
    }
}
