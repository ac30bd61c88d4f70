package dev.cairn.server;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web chat UI in headless Chromium (Debian's {@code chromium}; skipped when it is not installed, except under
 * CI where {@code .ci/run} installs it): the document list loads, a question typed and sent with real key and mouse
 * events gets a streamed answer with citations, clicking a citation shows its source passage; a screenshot of the
 * result is saved as {@code target/chat-ui.png}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatUiBrowserTest {
    @TempDir
    static Path tmp;
    static TestServers.Built index;
    static CairnServer server;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(DevTools.CHROMIUM)) {
            String msg = DevTools.CHROMIUM + " not found: install Debian's chromium package to run the UI test";
            if (Fixtures.underCi()) fail(msg);
            assumeTrue(false, msg);
        }
        index = TestServers.index(tmp);
        server = CairnServer.builder(index.index(), index.embedder()).port(0).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (index != null) index.close();
    }

    @Test
    void askClickACitationSeeThePassage() throws Exception {
        try (DevTools browser = DevTools.launch(Files.createDirectories(tmp.resolve("profile")))) {
            browser.call("Page.navigate", Map.of("url", server.uri().toString()));
            browser.waitFor("document.querySelectorAll('#documents li').length === 3", Duration.ofSeconds(20));
            assertTrue(browser.eval("document.getElementById('model').textContent").asString().contains("cairn-extractive"));

            browser.click("#question");
            browser.call("Input.insertText", Map.of("text", "Which river carries the most water?"));
            browser.click("#ask");
            browser.waitFor("document.querySelector('.turn[data-done=true]')", Duration.ofSeconds(30));
            String answer = browser.eval("document.querySelector('.turn .answer').textContent").asString();
            assertTrue(answer.contains("Amazon"), answer);
            assertTrue(browser.eval("document.querySelectorAll('.turn .answer .citation').length").asInt() >= 1, "citations are links");
            assertTrue(browser.eval("document.getElementById('passage').hidden").asBoolean(), "no passage shown before a click");

            browser.click(".turn .answer .citation");
            browser.waitFor("!document.getElementById('passage').hidden && document.getElementById('passage-text').textContent.length > 0",
                    Duration.ofSeconds(10));
            String citation = browser.eval("document.getElementById('passage-citation').textContent").asString();
            String passage = browser.eval("document.getElementById('passage-text').textContent").asString();
            assertTrue(citation.contains("rivers.md › Rivers › Amazon"), citation);
            assertTrue(passage.contains("The Amazon carries more water than any other river on Earth."), passage);

            String png = browser.call("Page.captureScreenshot", Map.of("format", "png")).get("data").asString();
            byte[] bytes = Base64.getDecoder().decode(png);
            assertEquals((byte) 0x89, bytes[0]);
            assertEquals('P', bytes[1]);
            Path out = Path.of("target", "chat-ui.png");
            Files.createDirectories(out.getParent());
            Files.write(out, bytes);
            assertTrue(bytes.length > 10_000, "a screenshot with content: " + bytes.length + " bytes");
        }
    }
}
