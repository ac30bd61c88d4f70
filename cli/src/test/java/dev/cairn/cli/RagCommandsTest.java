package dev.cairn.cli;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** ingest, search, ask and eval over a small corpus written here, with the quick all-minilm-l6-v2-q model. */
class RagCommandsTest {
    static final String MODEL = EmbedCommandTest.MODEL;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path docs, index;

    @BeforeEach
    void corpus() throws IOException {
        docs = HowTos.write(tmp.resolve("docs"), false);
        index = tmp.resolve("index");
        Files.writeString(docs.resolve("tax.html"), "<html><head><title>Tax</title></head><body><nav>Home</nav>"
                + "<h1>Filing deadlines</h1><p>Federal income tax returns are due on April 15.</p></body></html>");
        Files.write(docs.resolve("photo.txt"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0, 1, 2, 3});
        Files.writeString(docs.resolve("broken.pdf"), "%PDF-1.7 this is not really a PDF");
        System.setProperty("cairn.home", tmp.resolve("home").toString());
    }

    @AfterEach
    void clearHome() {
        System.clearProperty("cairn.home");
    }

    CairnTest.Run ingest(String... extra) {
        var args = new java.util.ArrayList<>(List.of("ingest", docs.toString(), "--index", index.toString(), "--embedding-model", MODEL));
        args.addAll(List.of(extra));
        return CairnTest.run(args.toArray(String[]::new));
    }

    @Test
    void retrievalOptionsAreCheckedTheSameWayBySearchAskAndEval() {
        Path qa = tmp.resolve("qa.jsonl");
        for (String[] args : List.of(
                new String[]{"search", "kettle", "--index", index.toString()},
                new String[]{"ask", "kettle?", "--index", index.toString()},
                new String[]{"eval", "--index", index.toString(), "--qa", qa.toString()})) {
            CairnTest.Run r = CairnTest.run(concat(args, "--per-document", "-1"));
            assertEquals(2, r.code(), args[0] + ": " + r.err());
            assertTrue(r.err().contains("--per-document must not be negative"), args[0] + ": " + r.err());
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void ingestCountsSkipsAndFailuresThenSearchAskAndEval() throws IOException {
        CairnTest.Run r = ingest("--json");
        assertEquals(0, r.code(), r.err());
        JsonNode s = JSON.readTree(r.out());
        assertEquals(5, s.get("files").asInt());
        assertEquals(3, s.get("added").asInt());
        assertEquals(1, s.get("skipped").asInt(), r.out());
        assertEquals(1, s.get("failed").asInt(), r.out());
        assertEquals(3, s.get("chunks").asInt());
        assertTrue(s.get("chunks_per_second").asDouble() > 0);
        assertEquals("", r.err(), "--json: no progress or problem lines");

        // a re-run changes nothing; the plain summary names files, chunks, skipped, failed, seconds, chunks/s
        CairnTest.Run again = ingest();
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().matches("(?s)5 files \\(0 added, 0 updated, 3 unchanged, 0 removed\\), 0 chunks, 1 skipped, "
                + "1 failed, [0-9.]+ s, [0-9.]+ chunks/s\\s*"), again.out());
        assertTrue(again.err().contains("broken.pdf"), again.err());
        assertTrue(again.err().contains("photo.txt"), again.err());
        assertEquals("", ingest("--quiet").err());

        CairnTest.Run search = CairnTest.run("search", "how do I repair a puncture", "--index", index.toString(), "--json", "--k", "2");
        assertEquals(0, search.code(), search.err());
        JsonNode hits = JSON.readTree(search.out());
        assertEquals(2, hits.size());
        assertTrue(hits.get(0).get("path").asString().endsWith("bike.md"), search.out());
        assertEquals("Fixing a flat tyre", hits.get(0).get("title").asString());
        CairnTest.Run bm25 = CairnTest.run("search", "April deadline", "--index", index.toString(), "--mode", "bm25");
        assertEquals(0, bm25.code(), bm25.err());
        assertTrue(bm25.out().startsWith("1. ["), bm25.out());
        assertTrue(bm25.out().contains("tax.html › Tax › Filing deadlines"), bm25.out());

        CairnTest.Run ask = CairnTest.run("ask", "How do I descale my kettle?", "--index", index.toString());
        assertEquals(0, ask.code(), ask.err());
        assertTrue(ask.out().contains("vinegar"), ask.out());
        assertTrue(ask.out().contains("[1]"), ask.out());
        assertTrue(ask.out().contains("Sources:\n[1] " + docs.resolve("kettle.md") + " › Descaling a kettle"), ask.out());

        Path qa = tmp.resolve("qa.jsonl");
        Files.writeString(qa, """
                {"question": "how long to leave vinegar in the kettle", "relevant": ["kettle.md"]}
                {"question": "when are income tax returns due", "relevant": ["docs/tax.html"]}

                {"question": "inner tube repair", "relevant": ["bike.md", "nothing.md"]}
                """);
        CairnTest.Run eval = CairnTest.run("eval", "--index", index.toString(), "--qa", qa.toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        JsonNode m = JSON.readTree(eval.out());
        assertEquals(Set.of("hit@1", "hit@3", "hit@5", "hit@10", "mrr@10", "ndcg@10", "latency_ms", "queries"),
                new TreeSet<>(m.propertyNames()));
        assertEquals(3, m.get("queries").asInt());
        assertEquals(1.0, m.get("hit@3").asDouble(), 1e-9, eval.out());
        CairnTest.Run text = CairnTest.run("eval", "--index", index.toString(), "--qa", qa.toString(), "--mode", "bm25");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("3 questions, bm25, top 10"), text.out());
        assertTrue(text.out().contains("MRR@10"), text.out());
    }

    @Test
    void askWithDocsIngestsIntoTheDefaultIndexIncrementally() throws IOException {
        CairnTest.Run first = CairnTest.run("ask", "when are tax returns due", "--docs", docs.toString(), "--embedding-model", MODEL, "--json");
        assertEquals(0, first.code(), first.err());
        JsonNode a = JSON.readTree(first.out());
        assertTrue(a.get("extractive").asBoolean());
        assertTrue(a.get("answer").asString().contains("April 15"), first.out());
        assertTrue(a.get("sources").get(0).get("citation").asString().contains("Filing deadlines"), first.out());
        Path home = tmp.resolve("home").resolve("indexes");
        assertEquals(1, Files.list(home).count());
        assertTrue(first.err().contains("3 added"), first.err());
        CairnTest.Run second = CairnTest.run("ask", "when are tax returns due", "--docs", docs.toString(), "--embedding-model", MODEL);
        assertEquals(0, second.code(), second.err());
        assertFalse(second.err().contains("indexed"), "nothing changed, nothing re-indexed: " + second.err());
    }

    @Test
    void askWithALocalModelUsesTheRuntime() {
        Path model = Fixtures.fixture("models/stories260K.gguf");
        assertEquals(0, ingest("--quiet").code());
        CairnTest.Run r = CairnTest.run("ask", "descale kettle", "--index", index.toString(), "--model", model.toString(),
                "--k", "1", "--max-tokens", "8", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode a = JSON.readTree(r.out());
        assertFalse(a.get("extractive").asBoolean());
        assertFalse(a.get("answer").asString().isEmpty());
        assertEquals(1, a.get("sources").size());
        assertFalse(a.get("cached").asBoolean());
        CairnTest.Run again = CairnTest.run("ask", "descale kettle", "--index", index.toString(), "--model", model.toString(),
                "--k", "1", "--max-tokens", "8", "--json");
        JsonNode b = JSON.readTree(again.out());
        assertTrue(b.get("cached").asBoolean(), again.out());
        assertEquals(a.get("answer"), b.get("answer"));
        CairnTest.Run other = CairnTest.run("ask", "descale kettle", "--index", index.toString(), "--model", model.toString(),
                "--k", "1", "--max-tokens", "6", "--json");
        assertFalse(JSON.readTree(other.out()).get("cached").asBoolean(), "another max_tokens is another key");
        CairnTest.Run streamed = CairnTest.run("ask", "descale kettle", "--index", index.toString(), "--model", model.toString(),
                "--k", "1", "--max-tokens", "8");
        assertTrue(streamed.out().startsWith(a.get("answer").asString().strip()), streamed.out());
    }

    /** --model is the chat model in ask (as in serve, chat, generate); the old spellings still work, hidden. */
    @Test
    void embeddingModelOptionAndOldSpellings() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-spellings"));
        // the index-only commands' first spelling, -m/--model, still names the embedding model
        CairnTest.Run legacy = CairnTest.run("ingest", empty.toString(), "--index", tmp.resolve("i3").toString(), "-m", MODEL);
        assertEquals(0, legacy.code(), legacy.err());
        for (String option : List.of("-e", "--embedding-model", "-m", "--model")) {
            CairnTest.Run unknown = CairnTest.run("ingest", empty.toString(), "--index", tmp.resolve("i4").toString(), option, "no-such-embedding-model");
            assertEquals(1, unknown.code(), option);
            assertTrue(unknown.err().contains("no-such-embedding-model"), option + ": " + unknown.err());
        }

        // ask --model given an embedding model's name: a hint, not a model load
        CairnTest.Run wrong = CairnTest.run("ask", "kettle", "--docs", empty.toString(), "--model", MODEL);
        assertEquals(1, wrong.code());
        assertEquals("cairn ask: " + MODEL + ": no such model file (--model takes a .gguf chat model; the embedding model is "
                + "--embedding-model)", wrong.err().strip());
        // ask --model-path (hidden) still names the chat model
        CairnTest.Run oldPath = CairnTest.run("ask", "kettle", "--docs", empty.toString(), "--model-path", tmp.resolve("none.gguf").toString());
        assertEquals(1, oldPath.code());
        assertEquals("cairn ask: " + tmp.resolve("none.gguf") + ": no such model file", oldPath.err().strip());

        CairnTest.Run help = CairnTest.run("ask", "--help");
        assertTrue(help.out().contains("-e, --embedding-model"), help.out());
        assertFalse(help.out().contains("--model-path"), help.out());
    }

    @Test
    void badInputGivesOneLineMessages() throws IOException {
        CairnTest.Run missing = CairnTest.run("search", "kettle", "--index", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertEquals("cairn search: no index at " + tmp.resolve("nope") + " (build one with: cairn ingest DIR --index "
                + tmp.resolve("nope") + ")", missing.err().strip());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CairnTest.Run none = CairnTest.run("ingest", empty.toString(), "--index", tmp.resolve("i2").toString(), "--embedding-model", MODEL);
        assertEquals(0, none.code(), none.err());
        assertTrue(none.err().contains("no files to ingest"), none.err());
        assertTrue(none.out().startsWith("0 files"), none.out());
        CairnTest.Run askEmpty = CairnTest.run("ask", "anything useful", "--docs", empty.toString(), "--embedding-model", MODEL);
        assertEquals(1, askEmpty.code());
        assertTrue(askEmpty.err().contains("no documents to answer from"), askEmpty.err());

        CairnTest.Run noDir = CairnTest.run("ingest", tmp.resolve("absent").toString(), "--index", index.toString());
        assertEquals(1, noDir.code());
        assertEquals("cairn ingest: " + tmp.resolve("absent") + ": no such file or folder", noDir.err().strip());

        assertEquals(0, ingest("--quiet").code());
        CairnTest.Run stop = CairnTest.run("search", "the of and", "--index", index.toString());
        assertEquals(1, stop.code());
        assertEquals(1, stop.err().strip().lines().count(), stop.err());
        assertTrue(stop.err().contains("only stop words"), stop.err());

        CairnTest.Run mode = CairnTest.run("search", "kettle", "--index", index.toString(), "--mode", "fuzzy");
        assertEquals(1, mode.code());
        assertTrue(mode.err().contains("unknown search mode 'fuzzy'"), mode.err());

        Path qa = tmp.resolve("bad.jsonl");
        Files.writeString(qa, "{\"question\": \"ok\", \"relevant\": [\"a.md\"]}\n{\"question\": \"no relevant\"}\n");
        CairnTest.Run eval = CairnTest.run("eval", "--index", index.toString(), "--qa", qa.toString());
        assertEquals(1, eval.code());
        assertTrue(eval.err().strip().startsWith("cairn eval: " + qa + " line 2: expected"), eval.err());

        CairnTest.Run both = CairnTest.run("ask", "q", "--index", index.toString(), "--docs", docs.toString());
        assertEquals(2, both.code(), both.err());
    }
}
