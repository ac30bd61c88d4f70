package dev.cairn.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cairn chat --index DIR --openai-url ...}: a chatbot over a real index (ingested here with the quick
 * all-MiniLM model) answering through LangChain4j's streaming OpenAI client from {@link OpenAiStub} (scripted
 * replies: a capable LLM cannot run here). Checks the sources the model is given, the citations printed, and
 * that the second turn remembers the first.
 */
@Timeout(180)
class ChatCommandTest {
    @TempDir
    Path tmp;
    private final InputStream stdin = System.in;

    @AfterEach
    void restore() {
        System.setIn(stdin);
    }

    @Test
    void chatsOverAnIndexWithCitationsAndMemory() throws Exception {
        Path docs = HowTos.write(tmp.resolve("docs"), false);
        Path index = tmp.resolve("index");
        assertEquals(0, CairnTest.run("ingest", docs.toString(), "--index", index.toString(), "--embedding-model", EmbedCommandTest.MODEL).code());
        try (OpenAiStub openai = new OpenAiStub(
                r -> OpenAiStub.text("Use equal parts vinegar and water, boil, then rinse [1]."),
                r -> OpenAiStub.text("Wait an hour before rinsing [1]."))) {
            System.setIn(new ByteArrayInputStream("How do I descale a kettle?\n\nHow long do I wait?\n/exit\n".getBytes(StandardCharsets.UTF_8)));
            CairnTest.Run run = CairnTest.run("chat", "--index", index.toString(), "--openai-url", openai.url(), "--openai-model", "stub", "--passages", "1");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("Use equal parts vinegar and water, boil, then rinse [1].\nSources:\n[1] "), run.out());
            assertTrue(run.out().contains("kettle.md"), "the citation names the source: " + run.out());
            assertEquals(2, openai.requests.size());
            assertTrue(openai.requests.getFirst().path("stream").asBoolean(), "answers are streamed");
            List<JsonNode> second = openai.requests.get(1).get("messages").valueStream().toList();
            String firstQuestion = second.stream().filter(m -> m.get("role").asString().equals("user"))
                    .map(m -> m.get("content").asString()).findFirst().orElseThrow();
            assertEquals("How do I descale a kettle?", firstQuestion, "memory keeps the first turn (without its sources)");
            assertTrue(second.stream().anyMatch(m -> m.get("role").asString().equals("assistant")
                    && m.get("content").asString().startsWith("Use equal parts")), "and the first answer");
            String asked = second.getLast().get("content").asString();
            assertTrue(asked.startsWith("Question: How long do I wait?\n\nSources:\n[1] <untrusted-data source="), asked);
            assertTrue(asked.contains("wait an hour"), asked);
            assertTrue(second.getFirst().get("content").asString().contains("Cite the sources you use as [n]"));
        }
    }

    @Test
    void usageErrors() {
        assertEquals(2, CairnTest.run("chat").code(), "no model");
        assertEquals(2, CairnTest.run("chat", "--openai-url", "http://127.0.0.1:1/v1", "--openai-model", "m", "--passages", "0").code());
        CairnTest.Run missing = CairnTest.run("chat", "--index", tmp.resolve("none").toString(), "--openai-url", "http://127.0.0.1:1/v1",
                "--openai-model", "m");
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("cairn chat: no index at "), missing.err());
    }
}
