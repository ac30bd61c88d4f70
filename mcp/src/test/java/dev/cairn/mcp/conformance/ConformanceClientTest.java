package dev.cairn.mcp.conformance;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official conformance suite's client scenarios (0.1.16) against {@link ConformanceClient} in a child
 * JVM. The suite's {@code core} set also holds the authorization scenarios, which wait for Cairn's OAuth
 * client; these are the others. {@code -Dcairn.mcp.conformance=skip} leaves them out.
 */
@Timeout(300)
class ConformanceClientTest {
    private static final Pattern PASSED = Pattern.compile("Passed: (\\d+)/(\\d+), (\\d+) failed");
    private static ConformanceSuite suite;

    @BeforeAll
    static void install() throws Exception {
        Assumptions.assumeFalse("skip".equals(System.getProperty("cairn.mcp.conformance")), "conformance suite skipped");
        Assumptions.assumeTrue(ConformanceSuite.supportedPlatform(), "Node from npm is installed for linux-x64 only");
        suite = ConformanceSuite.install(ConformanceSuite.STABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry"})
    void clientScenarioPasses(String scenario) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String command = java + " -XX:TieredStopAtLevel=1 -cp " + classpath + " " + ConformanceClient.class.getName();
        ConformanceSuite.Result result = suite.run(List.of("client", "--command", command, "--scenario", scenario), 120);
        Matcher passed = PASSED.matcher(result.output());
        assertTrue(passed.find(), "no result in the suite's output:\n" + result.output());
        assertEquals("0", passed.group(3), result.output());
        assertEquals(passed.group(2), passed.group(1), result.output());
        assertEquals(0, result.exit(), result.output());
    }
}
