package dev.cairn.cli;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** {@code cairn serve} in this JVM over an index built by {@code cairn ingest} (all-minilm-l6-v2-q): UI, API, MCP, usage errors. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServeCommandTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    Path docs, index;
    Thread thread;
    int[] code = {-1};
    StringWriter err = new StringWriter();

    @BeforeEach
    void corpus() throws IOException {
        docs = HowTos.write(tmp.resolve("docs"), true);
        index = tmp.resolve("index");
        CairnTest.Run r = CairnTest.run("ingest", docs.toString(), "--index", index.toString(), "--embedding-model", RagCommandsTest.MODEL, "--quiet");
        assertEquals(0, r.code(), r.err());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (thread == null) return;
        thread.interrupt();
        assertTrue(thread.join(java.time.Duration.ofSeconds(20)), "serve stops when interrupted");
        assertEquals(0, code[0], err.toString());
    }

    URI start(String... extra) throws InterruptedException {
        var args = new java.util.ArrayList<>(java.util.List.of("serve", "--index", index.toString(), "--port", "0"));
        args.addAll(java.util.List.of(extra));
        thread = Thread.ofVirtual().start(() -> code[0] = Cairn.execute(args.toArray(String[]::new),
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)));
        Pattern at = Pattern.compile("Cairn at (\\S+) \\(chat UI\\)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && thread.isAlive()) {
            Matcher m = at.matcher(err.toString());
            if (m.find()) return URI.create(m.group(1));
            Thread.sleep(20);
        }
        fail("serve did not start: " + err);
        return null;
    }

    static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(URI base, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheUiTheApiAndMcpOnOnePort() throws Exception {
        URI base = start();
        assertTrue(base.toString().matches("http://127\\.0\\.0\\.1:\\d+/"), base.toString());
        var page = get(base, "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Cairn</title>"));
        assertTrue(get(base, "/v1/models").body().contains("\"cairn-extractive\""));
        var answer = post(base, "/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"How do I descale a kettle?\"}]}");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("vinegar"), answer.body());
        assertTrue(get(base, "/api/documents").body().contains("kettle.md"));
        CairnTest.Run tools = CairnTest.run("mcp", "tools", "--server", base.resolve("/mcp").toString());
        assertEquals(0, tools.code(), tools.err());
        assertTrue(tools.out().contains("search") && tools.out().contains("ask"), tools.out());
    }

    @Test
    void servesALocalModel() throws Exception {
        Path model = Fixtures.fixture("models/stories260K.gguf");
        URI base = start("--model", model.toString(), "--max-tokens", "8");
        assertTrue(get(base, "/v1/models").body().contains("\"stories260K\""));
        var r = post(base, "/v1/completions", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 5, \"temperature\": 0}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"completion_tokens\":5"), r.body());
    }

    @Test
    void sigtermStopsAServingProcessCleanly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "dev.cairn.cli.Cairn",
                "serve", "--index", index.toString(), "--port", "0", "--grace", "1")
                .redirectError(tmp.resolve("serve.err").toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Pattern at = Pattern.compile("Cairn at (\\S+) \\(chat UI\\)");
            URI base = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (base == null && System.nanoTime() < deadline && p.isAlive()) {
                Matcher m = at.matcher(Files.readString(tmp.resolve("serve.err")));
                if (m.find()) base = URI.create(m.group(1));
                else Thread.sleep(50);
            }
            assertNotNull(base, "serve did not start: " + Files.readString(tmp.resolve("serve.err")));
            assertEquals(200, get(base, "/v1/models").statusCode());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve exits on SIGTERM");
            assertEquals(143, p.exitValue(), "the JVM's exit status after SIGTERM with the hook run");
            String log = Files.readString(tmp.resolve("serve.err"));
            assertFalse(log.contains("Exception"), log);
            URI stopped = base;
            assertThrows(java.net.ConnectException.class, () -> get(stopped, "/v1/models"));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void usageErrorsExit2AndMissingFilesExit1() {
        assertEquals(2, CairnTest.run("serve").code(), "--index is required");
        assertEquals(2, CairnTest.run("serve", "--index", index.toString(), "--port", "70000").code());
        assertEquals(2, CairnTest.run("serve", "--index", index.toString(), "--parallel", "0").code());
        assertEquals(2, CairnTest.run("serve", "--index", index.toString(), "--model", "m.gguf", "--openai-url", "http://x/v1").code());
        assertEquals(2, CairnTest.run("serve", "--index", index.toString(), "--openai-url", "ftp://x/v1", "--openai-model", "m").code());
        CairnTest.Run noName = CairnTest.run("serve", "--index", index.toString(), "--openai-url", "http://127.0.0.1:1/v1");
        assertEquals(2, noName.code());
        assertTrue(noName.err().contains("--openai-url needs --openai-model NAME"), noName.err());
        for (String option : new String[] {"--api-key-env", "--openai-key-env"}) { // the second: the old, hidden spelling
            CairnTest.Run key = CairnTest.run("serve", "--index", index.toString(), "--openai-url", "http://127.0.0.1:1/v1",
                    "--openai-model", "m", option, "CAIRN_TEST_NO_SUCH_VAR");
            assertEquals(1, key.code(), option);
            assertEquals("cairn serve: the environment variable CAIRN_TEST_NO_SUCH_VAR (--api-key-env) is not set", key.err().strip());
        }
        CairnTest.Run missing = CairnTest.run("serve", "--index", index.toString(), "--model", tmp.resolve("none.gguf").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("none.gguf: no such model file"), missing.err());
        CairnTest.Run noIndex = CairnTest.run("serve", "--index", tmp.resolve("empty").toString());
        assertEquals(1, noIndex.code());
        assertTrue(noIndex.err().contains("no index at"), noIndex.err());
    }
}
