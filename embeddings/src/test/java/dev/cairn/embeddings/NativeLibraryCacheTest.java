package dev.cairn.embeddings;

import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeLibraryCacheTest {
    private static final Optional<String> HERE =
            NativeLibraryCache.platform(System.getProperty("os.name"), System.getProperty("os.arch"));

    @Test
    void platformNamesAreOnnxRuntimes() {
        assertEquals(Optional.of("linux-x64"), NativeLibraryCache.platform("Linux", "amd64"));
        assertEquals(Optional.of("linux-aarch64"), NativeLibraryCache.platform("Linux", "aarch64"));
        assertEquals(Optional.of("osx-aarch64"), NativeLibraryCache.platform("Mac OS X", "aarch64"));
        assertEquals(Optional.of("osx-x64"), NativeLibraryCache.platform("Mac OS X", "x86_64"));
        assertEquals(Optional.of("win-x64"), NativeLibraryCache.platform("Windows 11", "amd64"));
        assertEquals(Optional.empty(), NativeLibraryCache.platform("SunOS", "sparcv9"));
        assertEquals(Optional.empty(), NativeLibraryCache.platform("Linux", "riscv64"));
        assertEquals(Optional.empty(), NativeLibraryCache.platform(null, null));
    }

    @Test
    void theLibrariesAreExtractedOnceWithTheJarsBytes(@TempDir Path root) throws IOException {
        Path dir = NativeLibraryCache.prepare(root, HERE).orElseThrow();
        assertEquals(root, dir.getParent());
        assertTrue(dir.getFileName().toString().startsWith("onnxruntime-" + HERE.get() + "-"), dir.toString());
        List<Path> files = list(dir);
        assertEquals(2, files.size(), files.toString());
        for (Path f : files) assertArrayEquals(resource(f.getFileName().toString()), Files.readAllBytes(f), f.toString());
        assertEquals(List.of(dir), list(root), "no temporary directory left behind");

        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        for (Path f : files) Files.setLastModifiedTime(f, old);
        assertEquals(Optional.of(dir), NativeLibraryCache.prepare(root, HERE));
        for (Path f : files) assertEquals(old, Files.getLastModifiedTime(f), "reused, not written again: " + f);
    }

    @Test
    void aDamagedCopyIsReplaced(@TempDir Path root) throws IOException {
        Path dir = NativeLibraryCache.prepare(root, HERE).orElseThrow();
        Path lib = dir.resolve(System.mapLibraryName("onnxruntime"));
        long size = Files.size(lib);
        Files.write(lib, new byte[100]); // cut short
        assertEquals(Optional.of(dir), NativeLibraryCache.prepare(root, HERE));
        assertEquals(size, Files.size(lib));
        assertArrayEquals(resource(lib.getFileName().toString()), Files.readAllBytes(lib));
        assertEquals(List.of(dir), list(root));
    }

    @Test
    void withoutLibrariesForThePlatformOrAWritableDirectoryNothingIsCached(@TempDir Path root) throws IOException {
        assertEquals(Optional.empty(), NativeLibraryCache.prepare(root, Optional.empty()));
        assertEquals(Optional.empty(), NativeLibraryCache.prepare(root, Optional.of("linux-sparc")));
        assertEquals(List.of(), list(root));

        Path file = Files.writeString(root.resolve("not-a-directory"), "x");
        assertEquals(Optional.empty(), NativeLibraryCache.prepare(file.resolve("native"), HERE));
        assertFalse(Files.isDirectory(file));
    }

    private static byte[] resource(String fileName) throws IOException {
        try (InputStream in = OrtEnvironment.class.getResourceAsStream("/ai/onnxruntime/native/" + HERE.get() + "/" + fileName)) {
            return in.readAllBytes();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
