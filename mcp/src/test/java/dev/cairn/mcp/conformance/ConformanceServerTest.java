package dev.cairn.mcp.conformance;

import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every server scenario of the official conformance suite (0.1.16, revision 2025-11-25, {@code --suite all}, 46 checks)
 * against {@link ConformanceServer} over Streamable HTTP on loopback. Set {@code -Dcairn.mcp.conformance=skip}
 * to leave it out (it needs npm to reach its registry the first time).
 */
@Timeout(600)
class ConformanceServerTest {
    private static final Pattern TOTAL = Pattern.compile("Total: (\\d+) passed, (\\d+) failed");

    @Test
    void allServerScenariosPass() throws Exception {
        Assumptions.assumeFalse("skip".equals(System.getProperty("cairn.mcp.conformance")), "conformance suite skipped");
        Assumptions.assumeTrue(ConformanceSuite.supportedPlatform(), "Node from npm is installed for linux-x64 only");
        ConformanceSuite suite = ConformanceSuite.install();
        try (StreamableHttpServer server = StreamableHttpServer.builder(ConformanceServer.create()).start()) {
            String url = "http://localhost:" + server.port() + "/mcp";
            ConformanceSuite.Result result = suite.run(List.of("server", "--url", url, "--suite", "all"), 300);
            Matcher total = TOTAL.matcher(result.output());
            assertTrue(total.find(), "no summary in the suite's output:\n" + result.output());
            assertEquals("0", total.group(2), "failed scenarios:\n" + result.output());
            assertEquals(0, result.exit(), result.output());
            assertTrue(Integer.parseInt(total.group(1)) >= 46, "fewer checks than expected:\n" + result.output());
            System.out.println("MCP conformance (server, 2025-11-25): " + total.group());
        }
    }
}
