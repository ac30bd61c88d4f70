package dev.cairn.mcp.conformance;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official conformance suite's client scenarios against {@link ConformanceClient} in a child JVM: release
 * 0.1.16 (2025-11-25) and pre-release 0.2.0-alpha.12 (2025-11-25 and 2026-07-28), including every
 * authorization scenario of the dated revisions (2025-03-26 fallbacks, 2025-11-25, the drafts that became
 * 2026-07-28, and 2026-07-28's own) and the authorization extensions (client credentials, workload identity,
 * enterprise-managed authorization / cross-app access, DPoP). Left out: the pre-release's skills extension
 * scenarios ({@code sep-2640-client-*}), which test a client feature Cairn does not have (skills).
 * {@code -Dcairn.mcp.conformance=skip} leaves them out.
 */
@Timeout(300)
class ConformanceClientTest {
    private static final Pattern PASSED = Pattern.compile("Passed: (\\d+)/(\\d+), (\\d+) failed, (\\d+) warnings");

    @BeforeAll
    static void install() throws Exception {
        Assumptions.assumeFalse("skip".equals(System.getProperty("cairn.mcp.conformance")), "conformance suite skipped");
        Assumptions.assumeTrue(ConformanceSuite.supportedPlatform(), "Node from npm is installed for linux-x64 only");
        ConformanceSuite.install(ConformanceSuite.STABLE);
        ConformanceSuite.install(ConformanceSuite.NEXT);
    }

    static Stream<Arguments> scenarios() {
        List<Arguments> all = new ArrayList<>();
        for (String scenario : List.of("initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry")) {
            all.add(Arguments.of(ConformanceSuite.STABLE, null, scenario));
        }
        for (String scenario : List.of("initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry",
                "json-schema-2020-12-preservation")) {
            all.add(Arguments.of(ConformanceSuite.NEXT, "2025-11-25", scenario));
        }
        for (String scenario : List.of("tools_call", "request-metadata", "sep-2322-client-request-state",
                "http-standard-headers", "http-custom-headers", "http-invalid-tool-headers", "json-schema-ref-no-deref",
                "json-schema-2020-12-preservation")) {
            all.add(Arguments.of(ConformanceSuite.NEXT, "2026-07-28", scenario));
        }
        for (String scenario : AUTH_2025_11_25) {
            all.add(Arguments.of(ConformanceSuite.STABLE, null, scenario));
            all.add(Arguments.of(ConformanceSuite.NEXT, "2025-11-25", scenario));
            all.add(Arguments.of(ConformanceSuite.NEXT, "2026-07-28", scenario));
        }
        for (String scenario : AUTH_2025_03_26) {
            all.add(Arguments.of(ConformanceSuite.STABLE, null, scenario));
            all.add(Arguments.of(ConformanceSuite.NEXT, "2025-03-26", scenario));
        }
        for (String scenario : AUTH_DRAFT) {
            all.add(Arguments.of(ConformanceSuite.STABLE, null, scenario));
            all.add(Arguments.of(ConformanceSuite.NEXT, "2026-07-28", scenario));
        }
        for (String scenario : AUTH_2026_07_28) {
            all.add(Arguments.of(ConformanceSuite.NEXT, "2026-07-28", scenario));
        }
        for (String scenario : AUTH_CLIENT_CREDENTIALS) {
            all.add(Arguments.of(ConformanceSuite.STABLE, null, scenario));
            all.add(Arguments.of(ConformanceSuite.NEXT, null, scenario));
        }
        all.add(Arguments.of(ConformanceSuite.STABLE, null, "auth/cross-app-access-complete-flow"));
        for (String scenario : AUTH_NEXT_EXTENSIONS) {
            all.add(Arguments.of(ConformanceSuite.NEXT, null, scenario));
        }
        return all.stream();
    }

    /** Authorization scenarios of revision 2025-11-25 (both suites; the pre-release also runs them at 2026-07-28). */
    private static final List<String> AUTH_2025_11_25 = List.of("auth/metadata-default", "auth/metadata-var1",
            "auth/metadata-var2", "auth/metadata-var3", "auth/basic-cimd", "auth/scope-from-www-authenticate",
            "auth/scope-from-scopes-supported", "auth/scope-omitted-when-undefined", "auth/scope-step-up",
            "auth/scope-retry-limit", "auth/token-endpoint-auth-basic", "auth/token-endpoint-auth-post",
            "auth/token-endpoint-auth-none", "auth/pre-registration");
    /** The 2025-03-26 fallbacks: no protected resource metadata, metadata or default endpoints at the server's origin. */
    private static final List<String> AUTH_2025_03_26 = List.of("auth/2025-03-26-oauth-metadata-backcompat",
            "auth/2025-03-26-oauth-endpoint-fallback");
    /** Drafts in the release that became part of 2026-07-28. */
    private static final List<String> AUTH_DRAFT = List.of("auth/resource-mismatch", "auth/offline-access-scope",
            "auth/offline-access-not-supported");
    /** The OAuth client-credentials extension (machine clients): client_secret_basic and private_key_jwt. */
    private static final List<String> AUTH_CLIENT_CREDENTIALS = List.of("auth/client-credentials-basic",
            "auth/client-credentials-jwt");
    /** The pre-release's other authorization extensions: workload identity, enterprise-managed authorization, DPoP. */
    private static final List<String> AUTH_NEXT_EXTENSIONS = List.of("auth/wif-jwt-bearer",
            "auth/enterprise-managed-authorization", "auth/dpop", "auth/dpop-nonce");
    /** New in 2026-07-28: authorization server migration, RFC 9207 iss checks, metadata issuer validation. */
    private static final List<String> AUTH_2026_07_28 = List.of("auth/authorization-server-migration",
            "auth/iss-supported", "auth/iss-not-advertised", "auth/iss-supported-missing", "auth/iss-wrong-issuer",
            "auth/iss-unexpected", "auth/iss-normalized", "auth/metadata-issuer-mismatch");

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("scenarios")
    void clientScenarioPasses(String suiteVersion, String specVersion, String scenario) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String command = java + " -XX:TieredStopAtLevel=1 -cp " + classpath + " " + ConformanceClient.class.getName();
        List<String> arguments = new ArrayList<>(List.of("client", "--command", command, "--scenario", scenario));
        if (specVersion != null) {
            arguments.addAll(List.of("--spec-version", specVersion));
        }
        ConformanceSuite.Result result = ConformanceSuite.install(suiteVersion).run(arguments, 120);
        Matcher passed = PASSED.matcher(result.output());
        assertTrue(passed.find(), "no result in the suite's output:\n" + result.output());
        assertEquals("0", passed.group(3), result.output());
        assertEquals("0", passed.group(4), "warnings:\n" + result.output());
        assertEquals(passed.group(2), passed.group(1), result.output());
        assertEquals(0, result.exit(), result.output());
    }
}
