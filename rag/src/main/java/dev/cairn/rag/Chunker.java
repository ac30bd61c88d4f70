package dev.cairn.rag;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Splits documents along their structure: a chunk never crosses a heading or a page; within a section,
 * sentences are packed up to the token budget, and a full chunk ends at the last paragraph break when that
 * keeps at least half the budget, otherwise at a sentence. Consecutive chunks of a section share up to
 * {@code overlapTokens} of trailing sentences. A sentence longer than the budget is cut between words into
 * overlap-sized pieces, and a word longer than that between characters.
 *
 * <p>The budget covers what is embedded: the chunk's context line (title and headings) plus its text.
 * Chunks are contiguous spans of {@link Document#text()}, so {@code text == substring(start, end)}.
 */
public final class Chunker {
    private final int maxTokens;
    private final int overlapTokens;
    private final ToIntFunction<String> counter;
    private final String counterName;

    /** A chunker counting with {@code counter}, named {@code estimate} for the estimate and {@code custom} otherwise. */
    public Chunker(int maxTokens, int overlapTokens, ToIntFunction<String> counter) {
        this(maxTokens, overlapTokens, counter, counter instanceof TokenEstimate ? "estimate" : "custom");
    }

    /**
     * @param maxTokens     budget per chunk, context line included (the embedding model's limit, or less)
     * @param overlapTokens at most this many tokens of trailing sentences repeat at the next chunk's start
     * @param counter       the embedding model's token counter, or {@link TokenEstimate#INSTANCE}
     * @param counterName   names the counter in {@link #fingerprint()} (say, the model's name): a stable name,
     *                      since a lambda's own {@code toString} changes from run to run
     */
    public Chunker(int maxTokens, int overlapTokens, ToIntFunction<String> counter, String counterName) {
        if (maxTokens < 16) throw new IllegalArgumentException("maxTokens must be at least 16: " + maxTokens);
        if (overlapTokens < 0 || overlapTokens >= maxTokens / 2)
            throw new IllegalArgumentException("overlapTokens must be in [0, maxTokens/2): " + overlapTokens);
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
        this.counter = counter;
        this.counterName = counterName;
    }

    /** 256-token chunks with 32 tokens of overlap, counted by the estimate. */
    public static Chunker defaults() {
        return new Chunker(256, 32, TokenEstimate.INSTANCE);
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Identifies the settings, so an index can tell when its chunks were cut differently. */
    public String fingerprint() {
        return "chunker-v1:" + maxTokens + ":" + overlapTokens + ":" + counterName;
    }

    public List<Chunk> chunk(Document doc) {
        var out = new ArrayList<Chunk>();
        var headings = new ArrayList<Block>();
        var section = new ArrayList<Block>();
        int page = -1;
        for (Block b : doc.blocks()) {
            if (b.isHeading() || b.page() != page) {
                emitSection(doc, headingPath(doc, headings), section, out);
                section.clear();
                page = b.page();
            }
            if (b.isHeading()) {
                while (!headings.isEmpty() && headings.getLast().level() >= b.level()) headings.removeLast();
                headings.add(b);
            } else {
                section.add(b);
            }
        }
        emitSection(doc, headingPath(doc, headings), section, out);
        return out;
    }

    private static List<String> headingPath(Document doc, List<Block> headings) {
        var path = new ArrayList<String>(headings.size());
        for (Block h : headings) {
            String t = squash(doc.text().substring(h.start(), h.end()));
            if (!t.isEmpty()) path.add(t);
        }
        return path;
    }

    private static String squash(String s) {
        return s.replaceAll("^[#\\s]+|[#\\s]+$", "").replaceAll("\\s+", " ");
    }

    /** A run of text that is never split further unless it alone exceeds the budget. */
    private record Unit(int start, int end, int tokens, boolean endsParagraph) {}

    private void emitSection(Document doc, List<String> headings, List<Block> paragraphs, List<Chunk> out) {
        if (paragraphs.isEmpty()) return;
        String context = Chunk.context(doc.title(), headings);
        int budget = Math.max(maxTokens / 2, maxTokens - (context.isEmpty() ? 0 : counter.applyAsInt(context) + 1));
        var units = new ArrayList<Unit>();
        for (Block p : paragraphs) {
            int before = units.size();
            sentences(doc.text(), p.start(), p.end(), budget, units);
            if (units.size() > before) {
                Unit last = units.removeLast();
                units.add(new Unit(last.start, last.end, last.tokens, true));
            }
        }
        int page = paragraphs.getFirst().page();
        int i = 0;
        while (i < units.size()) {
            int tokens = 0;
            int j = i;
            while (j < units.size() && (j == i || tokens + units.get(j).tokens <= budget)) tokens += units.get(j++).tokens;
            // j is exclusive; prefer to end at a paragraph break that keeps at least half the budget
            if (j < units.size()) {
                int sum = 0;
                int cut = -1;
                for (int u = i; u < j; u++) {
                    sum += units.get(u).tokens;
                    if (units.get(u).endsParagraph && sum >= budget / 2) cut = u + 1;
                }
                if (cut > i) j = cut;
            }
            int start = units.get(i).start;
            int end = units.get(j - 1).end;
            out.add(new Chunk(doc.path(), out.size(), doc.type(), doc.title(), headings,
                    doc.text().substring(start, end), start, end, page, doc.tags()));
            if (j >= units.size()) break;
            i = overlapStart(units, i, j, budget);
        }
    }

    /** Where the next chunk starts: back from {@code end} over whole units worth at most the overlap. */
    private int overlapStart(List<Unit> units, int begin, int end, int budget) {
        int next = end;
        int sum = 0;
        int room = Math.min(overlapTokens, budget - units.get(end).tokens);
        while (next - 1 > begin && sum + units.get(next - 1).tokens <= room) sum += units.get(--next).tokens;
        return next;
    }

    /** Adds the trimmed sentences of {@code [start, end)}, each cut further if it exceeds the budget. */
    private void sentences(String text, int start, int end, int budget, List<Unit> units) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text.substring(start, end));
        int from = it.first();
        for (int to = it.next(); to != BreakIterator.DONE; from = to, to = it.next()) {
            int s = start + from;
            int e = start + to;
            while (s < e && Character.isWhitespace(text.charAt(s))) s++;
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) e--;
            if (s == e) continue;
            int tokens = counter.applyAsInt(text.substring(s, e));
            if (tokens <= budget) units.add(new Unit(s, e, tokens, false));
            else words(text, s, e, overlapTokens > 0 ? Math.min(budget, overlapTokens) : budget, units);
        }
    }

    /**
     * Cuts an over-long sentence between words into pieces of at most {@code budget} tokens (the overlap size, so
     * consecutive chunks can still share a piece); an over-long word is cut between characters.
     */
    private void words(String text, int start, int end, int budget, List<Unit> units) {
        int s = start;
        while (s < end) {
            int e = s;
            int lastFit = -1;
            while (e < end) {
                int wordEnd = e;
                while (wordEnd < end && Character.isWhitespace(text.charAt(wordEnd))) wordEnd++;
                while (wordEnd < end && !Character.isWhitespace(text.charAt(wordEnd))) wordEnd++;
                if (counter.applyAsInt(text.substring(s, wordEnd)) > budget) break;
                lastFit = e = wordEnd;
            }
            if (lastFit < 0) lastFit = characters(text, s, end, budget);
            units.add(new Unit(s, lastFit, counter.applyAsInt(text.substring(s, lastFit)), false));
            s = lastFit;
            while (s < end && Character.isWhitespace(text.charAt(s))) s++;
        }
    }

    /** The longest prefix of {@code [start, end)} within the budget, by bisection; at least one character. */
    private int characters(String text, int start, int end, int budget) {
        int lo = start + 1;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (counter.applyAsInt(text.substring(start, mid)) <= budget) lo = mid;
            else hi = mid - 1;
        }
        if (lo < end && Character.isHighSurrogate(text.charAt(lo - 1))) lo++;
        return lo;
    }
}
