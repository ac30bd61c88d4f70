package dev.cairn.rag;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.*;

class ChunkerTest {
    /** One token per whitespace-separated word: easy to reason about in assertions. */
    static final ToIntFunction<String> WORDS = s -> s.isBlank() ? 0 : s.strip().split("\\s+").length;

    /** A document from markdown-like lines: "# x" headings, blank-line paragraphs. */
    static Document doc(String text, int page) {
        var blocks = new ArrayList<Block>();
        int i = 0;
        for (String part : text.split("\n\n", -1)) {
            if (part.startsWith("#")) {
                int level = part.indexOf(' ');
                blocks.add(Block.heading(level, i + level + 1, i + part.length(), page));
            } else if (!part.isBlank()) {
                blocks.add(Block.paragraph(i, i + part.length(), page));
            }
            i += part.length() + 2;
        }
        return new Document("/docs/a.md", "markdown", "Guide", text, blocks, Set.of("t"));
    }

    static String sentences(String prefix, int n, int wordsEach) {
        var sb = new StringBuilder();
        for (int s = 0; s < n; s++) {
            if (s > 0) sb.append(' ');
            for (int w = 0; w < wordsEach; w++)
                sb.append(w == 0 ? prefix.toUpperCase(java.util.Locale.ROOT) : " " + prefix).append(s).append('w').append(w);
            sb.append('.');
        }
        return sb.toString();
    }

    static void assertExactSpans(Document d, List<Chunk> chunks) {
        for (Chunk c : chunks) {
            assertEquals(d.text().substring(c.start(), c.end()), c.text(), "chunk " + c.ordinal());
            assertFalse(c.text().isBlank());
            assertEquals(c.text().strip(), c.text(), "chunks are trimmed");
        }
        for (int i = 0; i < chunks.size(); i++) assertEquals(i, chunks.get(i).ordinal());
    }

    @Test
    void chunksAreExactSubstringsWithinBudgetAndOverlapping() {
        String text = "# Install\n\n" + sentences("a", 30, 8) + "\n\n" + sentences("b", 5, 8) + "\n\n## Linux\n\n" + sentences("c", 3, 6);
        Document d = doc(text, 0);
        var chunker = new Chunker(64, 16, WORDS);
        List<Chunk> chunks = chunker.chunk(d);
        assertExactSpans(d, chunks);
        for (Chunk c : chunks) assertTrue(WORDS.applyAsInt(c.embeddingText()) <= 64, "budget: " + c.embeddingText());
        // overlap: consecutive chunks of one section share text
        Chunk first = chunks.get(0), second = chunks.get(1);
        assertEquals(List.of("Install"), first.headings());
        assertTrue(second.start() < first.end(), "second chunk starts inside the first");
        int overlapWords = WORDS.applyAsInt(d.text().substring(second.start(), first.end()));
        assertTrue(overlapWords > 0 && overlapWords <= 16, "overlap " + overlapWords);
        // headings are never crossed, and the heading path nests
        Chunk last = chunks.getLast();
        assertEquals(List.of("Install", "Linux"), last.headings());
        assertTrue(last.text().startsWith("C0w0"));
        for (Chunk c : chunks) assertFalse(c.text().contains("Linux"), "heading text is context, not chunk text");
        assertEquals("Guide > Install > Linux", last.context());
        assertEquals(Set.of("t"), last.tags());
    }

    @Test
    void prefersParagraphBreaks() {
        // paragraphs of 40 words and a 62-token budget: each becomes its own chunk, not 60 words ending mid-paragraph
        String text = sentences("p", 4, 10) + "\n\n" + sentences("q", 4, 10) + "\n\n" + sentences("r", 4, 10);
        Document d = doc(text, 0);
        List<Chunk> chunks = new Chunker(64, 8, WORDS).chunk(d);
        assertExactSpans(d, chunks);
        assertEquals(3, chunks.size());
        assertTrue(chunks.get(0).text().endsWith("p3w9."), chunks.get(0).text());
        assertTrue(chunks.get(1).text().startsWith("Q0w0"), chunks.get(1).text());
    }

    @Test
    void overLongSentencesAndWordsAreCut() {
        String longSentence = sentences("x", 1, 200);
        String longSentence2 = sentences("z", 1, 200);
        String hugeWord = "y".repeat(5000);
        String text = longSentence + "\n\n" + hugeWord;
        Document d = doc(text, 0);
        ToIntFunction<String> counter = TokenEstimate.INSTANCE;
        List<Chunk> chunks = new Chunker(32, 4, counter).chunk(d);
        assertExactSpans(d, chunks);
        for (Chunk c : chunks) assertTrue(counter.applyAsInt(c.embeddingText()) <= 32, c.text().length() + " chars");
        // an over-long sentence is cut into overlap-sized pieces, so its chunks still overlap
        Document d2 = doc(longSentence2, 0);
        List<Chunk> cut = new Chunker(64, 16, WORDS).chunk(d2);
        assertExactSpans(d2, cut);
        assertTrue(cut.size() > 3);
        for (int i = 1; i < cut.size(); i++) assertTrue(cut.get(i).start() < cut.get(i - 1).end(), "overlap at " + i);
        int yStart = longSentence.length() + 2;
        List<Chunk> ys = chunks.stream().filter(c -> c.end() > yStart).toList();
        assertTrue(ys.getFirst().start() <= yStart);
        assertEquals(text.length(), ys.getLast().end());
        for (int i = 1; i < ys.size(); i++) assertTrue(ys.get(i).start() <= ys.get(i - 1).end(), "the huge word is covered without gaps");
    }

    @Test
    void pagesAreNotCrossed() {
        String p1 = sentences("a", 2, 5);
        String p2 = sentences("b", 2, 5);
        String text = p1 + "\n\n" + p2;
        var blocks = List.of(Block.paragraph(0, p1.length(), 1), Block.paragraph(p1.length() + 2, text.length(), 2));
        Document d = new Document("/x.pdf", "pdf", "X", text, blocks, Set.of());
        List<Chunk> chunks = new Chunker(256, 32, WORDS).chunk(d);
        assertEquals(2, chunks.size());
        assertEquals(1, chunks.get(0).page());
        assertEquals(2, chunks.get(1).page());
    }

    @Test
    void fingerprintsAreStableAcrossInstances() {
        assertEquals(new Chunker(64, 8, s -> 1).fingerprint(), new Chunker(64, 8, String::length).fingerprint());
        assertEquals("chunker-v1:64:8:bge", new Chunker(64, 8, String::length, "bge").fingerprint());
        assertNotEquals(Chunker.defaults().fingerprint(), new Chunker(256, 32, String::length).fingerprint());
        assertNotEquals(Chunker.defaults().fingerprint(), new Chunker(300, 32, TokenEstimate.INSTANCE).fingerprint());
    }

    @Test
    void emptyDocumentsHaveNoChunks() {
        assertTrue(Chunker.defaults().chunk(new Document("/e.txt", "text", "", "", List.of(), Set.of())).isEmpty());
    }

    @Test
    void estimateCountsWordsAndPunctuation() {
        assertEquals(0, TokenEstimate.INSTANCE.applyAsInt("   "));
        assertEquals(4, TokenEstimate.INSTANCE.applyAsInt("Hello, world!"));
        assertEquals(3, TokenEstimate.INSTANCE.applyAsInt("internationalization"));
    }
}
