package dev.cairn.tokenizers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds special and added tokens written in text. Tokens marked "always" (user-defined tokens, added tokens that
 * are not special) are found even when special-token parsing is off; at each position the longest token wins.
 */
final class SpecialTokenMatcher {
    record Entry(String text, int id, boolean always) {}

    /** Receives the pieces of split text: plain stretches and recognised tokens, in order. */
    interface Sink {
        void text(String text, boolean inputStart);

        void token(int id);
    }

    private final Map<Character, List<Entry>> byFirstChar = new HashMap<>();
    private final boolean hasAlways;

    SpecialTokenMatcher(List<Entry> entries) {
        boolean always = false;
        for (Entry e : entries) {
            if (e.text().isEmpty()) continue;
            byFirstChar.computeIfAbsent(e.text().charAt(0), k -> new ArrayList<>()).add(e);
            always |= e.always();
        }
        for (List<Entry> list : byFirstChar.values()) {
            list.sort(Comparator.comparingInt((Entry e) -> e.text().length()).reversed());
        }
        this.hasAlways = always;
    }

    void split(String text, boolean parseSpecial, Sink sink) {
        if (byFirstChar.isEmpty() || (!parseSpecial && !hasAlways)) {
            sink.text(text, true);
            return;
        }
        int plainStart = 0;
        int i = 0;
        while (i < text.length()) {
            Entry match = null;
            List<Entry> candidates = byFirstChar.get(text.charAt(i));
            if (candidates != null) {
                for (Entry e : candidates) {
                    if ((parseSpecial || e.always()) && text.startsWith(e.text(), i)) {
                        match = e;
                        break;
                    }
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            if (i > plainStart) sink.text(text.substring(plainStart, i), plainStart == 0);
            sink.token(match.id());
            i += match.text().length();
            plainStart = i;
        }
        if (plainStart < text.length() || plainStart == 0) sink.text(text.substring(plainStart), plainStart == 0);
    }
}
