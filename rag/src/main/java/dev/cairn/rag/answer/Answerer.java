package dev.cairn.rag.answer;

import dev.cairn.rag.MetadataFilter;
import dev.cairn.rag.Passage;
import dev.cairn.rag.Retriever;
import dev.cairn.rag.SearchRequest;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Answers a question from a retriever's top passages. With an {@link AnswerGenerator}, it sends a {@link GroundedPrompt}
 * and returns the generated text. Without one, it answers extractively: the sentences of the top passages that
 * share the most content words with the question (earlier passages win ties), each followed by its source's
 * {@code [n]}, in source order. When no sentence shares a content word with the question, it says the sources
 * do not contain the answer.
 */
public final class Answerer {
    private static final Set<String> STOP = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for",
            "from", "how", "i", "in", "is", "it", "my", "of", "on", "or", "the", "to", "was", "what", "when", "where",
            "which", "who", "why", "with", "can", "should", "you", "your", "this", "that", "there", "their", "me", "we");

    private final Retriever retriever;
    private final AnswerGenerator generator; // null: extractive
    private final int sources;
    private final int sentences;

    /**
     * @param generator null for extractive answers
     * @param sources   passages retrieved and numbered
     * @param sentences sentences quoted in an extractive answer
     */
    public Answerer(Retriever retriever, AnswerGenerator generator, int sources, int sentences) {
        if (sources < 1 || sentences < 1) throw new IllegalArgumentException("sources and sentences must be positive");
        this.retriever = retriever;
        this.generator = generator;
        this.sources = sources;
        this.sentences = sentences;
    }

    /** Extractive: five sources, three sentences. */
    public static Answerer extractive(Retriever retriever) {
        return new Answerer(retriever, null, 5, 3);
    }

    public Answer answer(String question) {
        return answer(question, MetadataFilter.NONE);
    }

    public Answer answer(String question, MetadataFilter filter) {
        List<Passage> top = retriever.retrieve(SearchRequest.of(question, sources).withFilter(filter));
        if (generator != null) {
            String text = top.isEmpty() ? NOT_FOUND : generator.generate(GroundedPrompt.build(question, top)).strip();
            return new Answer(question, text, top, false, !top.isEmpty());
        }
        return extract(question, top);
    }

    static final String NOT_FOUND = "The indexed documents do not contain an answer to this question.";

    private record Scored(int source, int start, String sentence, int overlap) {}

    private Answer extract(String question, List<Passage> top) {
        Set<String> want = words(question);
        var candidates = new ArrayList<Scored>();
        for (int s = 0; s < top.size(); s++) {
            String text = top.get(s).text();
            BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
            it.setText(text);
            for (int from = it.first(), to = it.next(); to != BreakIterator.DONE; from = to, to = it.next()) {
                String sentence = text.substring(from, to).strip().replaceAll("\\s+", " ");
                Set<String> has = words(sentence);
                has.retainAll(want);
                if (!has.isEmpty()) candidates.add(new Scored(s, from, sentence, has.size()));
            }
        }
        if (candidates.isEmpty()) return new Answer(question, NOT_FOUND, top, true, false);
        candidates.sort(Comparator.comparingInt((Scored c) -> -c.overlap).thenComparingInt(c -> c.source).thenComparingInt(c -> c.start));
        List<Scored> picked = new ArrayList<>(candidates.subList(0, Math.min(sentences, candidates.size())));
        picked.sort(Comparator.comparingInt((Scored c) -> c.source).thenComparingInt(c -> c.start));
        var sb = new StringBuilder();
        for (Scored c : picked) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(c.sentence).append(" [").append(c.source + 1).append(']');
        }
        return new Answer(question, sb.toString(), top, true, true);
    }

    /** Lower-case content words, with a crude plural/verb "s" folded so "rivers" meets "river". */
    static Set<String> words(String text) {
        var out = new HashSet<String>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() < 2 || STOP.contains(w)) continue;
            out.add(w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.substring(0, w.length() - 1) : w);
        }
        return out;
    }
}
