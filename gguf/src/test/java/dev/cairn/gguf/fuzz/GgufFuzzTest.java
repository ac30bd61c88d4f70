package dev.cairn.gguf.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.core.fuzz.FuzzProperty;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufFormatException;
import dev.cairn.gguf.GgufTensorInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of the GGUF reader: any byte string, written to a file and opened with
 * {@link GgufFile#open}, either opens (and then every metadata value and every tensor's bytes can be read) or
 * fails with a {@link GgufFormatException} with a message. A length or count field never drives an allocation
 * by itself (the fuzz JVM's heap is small enough that such an allocation fails as an {@code OutOfMemoryError}).
 *
 * <p>In {@code mvn verify} this replays the committed inputs in
 * {@code src/test/resources/dev/cairn/gguf/fuzz/GgufFuzzTestInputs/open/} (small GGUF files written by
 * {@code GgufWriter}, and every finding). Fuzzing: {@code JAZZER_FUZZ=1 mvn -pl gguf -am test
 * -Dtest=GgufFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=5m} (see SECURITY.md).
 */
class GgufFuzzTest {
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("cairn-fuzz-", ".gguf");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void open(byte[] input) throws IOException {
        Files.write(file, input);
        FuzzProperty.endsInResultOr(() -> {
            try (GgufFile gguf = GgufFile.open(file)) {
                for (String key : gguf.metadata().keys()) {
                    Object value = gguf.metadata().get(key);
                    if (value == null) throw new AssertionError("key " + key + " listed without a value");
                }
                long sum = 0;
                for (GgufTensorInfo t : gguf.tensors()) {
                    MemorySegment data = gguf.tensorData(t);
                    if (data.byteSize() != t.byteSize()) throw new AssertionError(t + ": " + data.byteSize() + " bytes mapped");
                    if (data.byteSize() > 0) sum += data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
                }
                if (gguf.toString().isEmpty() || sum == Long.MIN_VALUE) throw new AssertionError();
            }
        }, GgufFormatException.class);
    }
}
