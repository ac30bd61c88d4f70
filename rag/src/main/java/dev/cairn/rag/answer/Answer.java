package dev.cairn.rag.answer;

import dev.cairn.rag.Passage;

import java.util.List;

/**
 * An answer and the numbered sources it may cite: {@code [n]} in the text refers to {@code sources.get(n - 1)}.
 *
 * @param extractive true when the text is sentences quoted from the sources rather than generated
 * @param grounded   false when no source was relevant enough to answer from
 */
public record Answer(String question, String text, List<Passage> sources, boolean extractive, boolean grounded) {
    public Answer {
        sources = List.copyOf(sources);
    }

    /** The source list as printed under an answer: {@code [1] path › Title › Heading (p. 3)}, one per line. */
    public String references() {
        var sb = new StringBuilder();
        for (int i = 0; i < sources.size(); i++) {
            if (i > 0) sb.append('\n');
            sb.append('[').append(i + 1).append("] ").append(sources.get(i).citation());
        }
        return sb.toString();
    }
}
