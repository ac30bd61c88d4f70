package dev.cairn.core;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Finds the shared fixtures ({@code ../shared} beside the repository root) from any module's tests.
 * Outside CI a missing fixture skips the test with the path it looked for; under CI ({@code CI=true})
 * it fails, so a wrong path can never pass silently.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The repository root: Surefire passes it as {@code cairn.root}; otherwise found from the working directory. */
    public static Path repoRoot() {
        String prop = System.getProperty("cairn.root");
        if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath().normalize();
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".ci")) || Files.isRegularFile(p.resolve("ARCHITECTURE.md"))) return p;
        }
        return dir;
    }

    /** {@code ../shared/<relative>} from the repository root; skips (or fails under CI) when it is absent. */
    public static Path shared(String relative) {
        Path p = repoRoot().resolve("..").resolve("shared").resolve(relative).normalize();
        if (!Files.exists(p)) missing(p);
        return p;
    }

    /** {@code ../shared/fixtures/<relative>}. */
    public static Path fixture(String relative) {
        return shared("fixtures/" + relative);
    }

    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void missing(Path p) {
        String msg = "fixture not found: " + p + " (the shared fixtures belong beside the repository as ../shared)";
        if (underCi()) fail(msg);
        abort(msg);
    }
}
