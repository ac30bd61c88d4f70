package dev.cairn.mcp.conformance;

import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official conformance suite's server scenarios against {@link ConformanceServer} over Streamable HTTP on
 * loopback: release 0.1.16 (revision 2025-11-25) and pre-release 0.2.0-alpha.12 for 2025-11-25 and
 * 2026-07-28, all scenarios ({@code --suite all}), with no expected failures. {@code -Dcairn.mcp.conformance=skip} leaves them out
 * (npm must reach its registry the first time).
 */
@Timeout(900)
class ConformanceServerTest {
    private static final Pattern TOTAL = Pattern.compile("Total: (\\d+) passed, (\\d+) failed");
    private static StreamableHttpServer server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        assumeFalse("skip".equals(System.getProperty("cairn.mcp.conformance")), "conformance suite skipped");
        assumeTrue(ConformanceSuite.supportedPlatform(), "Node from npm is installed for linux-x64 only");
        server = StreamableHttpServer.builder(ConformanceServer.create()).start();
        url = "http://localhost:" + server.port() + "/mcp";
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void passes(String version, int atLeast, String... options) throws Exception {
        ConformanceSuite suite = ConformanceSuite.install(version);
        List<String> arguments = new ArrayList<>(List.of("server", "--url", url));
        arguments.addAll(List.of(options));
        ConformanceSuite.Result result = suite.run(arguments, 300);
        Matcher total = TOTAL.matcher(result.output());
        assertTrue(total.find(), "no summary in the suite's output:\n" + result.output());
        assertEquals("0", total.group(2), "failed scenarios:\n" + result.output());
        assertEquals(0, result.exit(), result.output());
        assertTrue(Integer.parseInt(total.group(1)) >= atLeast, "fewer checks than expected:\n" + result.output());
        System.out.println("MCP conformance " + version + " " + String.join(" ", options) + ": " + total.group());
    }

    @Test
    void release2025_11_25AllScenarios() throws Exception {
        passes(ConformanceSuite.STABLE, 46, "--suite", "all");
    }

    @Test
    void preRelease2025_11_25AllScenarios() throws Exception {
        passes(ConformanceSuite.NEXT, 83, "--spec-version", "2025-11-25", "--suite", "all");
    }

    @Test
    void preRelease2026_07_28AllScenarios() throws Exception {
        passes(ConformanceSuite.NEXT, 152, "--spec-version", "2026-07-28", "--suite", "all");
    }
}
