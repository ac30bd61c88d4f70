package dev.cairn.embeddings;

import ai.onnxruntime.OrtEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * ONNX Runtime's native libraries, extracted once into {@code $CAIRN_HOME/native} (else
 * {@code ~/.cache/cairn/native}) instead of on every start. Without it, ONNX Runtime's Java binding copies its 22 MB
 * {@code libonnxruntime.so} out of its (compressed) jar into a fresh temporary directory each time the process first
 * uses it: about 0.12 s of CPU and 0.14 s of wall time per start, measured on a 2-core machine (with the libraries
 * cached: 0.06 s, most of it loading them).
 *
 * <p>The cached copy is used through ONNX Runtime's own {@code onnxruntime.native.path} system property, which must be
 * set before ONNX Runtime initializes; {@link #install()} does that once per process unless the property is already
 * set. A directory is named after the platform and the jar entries' CRC-32s, so a new ONNX Runtime gets a new one; it
 * is written under a temporary name and moved into place whole, and one whose files do not have the jar entries'
 * sizes is not used (and is replaced). When anything fails, ONNX Runtime extracts its libraries as it always does.
 */
final class NativeLibraryCache {
    private static final Logger log = LoggerFactory.getLogger(NativeLibraryCache.class);
    /** ONNX Runtime's own property: a directory holding its native libraries. */
    static final String PATH_PROPERTY = "onnxruntime.native.path";
    private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");
    private static boolean installed;

    private NativeLibraryCache() {}

    /**
     * Points ONNX Runtime at the cached libraries (extracting them first if needed), once per process; does nothing
     * if {@value #PATH_PROPERTY} is set already or there is no cache directory.
     */
    static synchronized void install() {
        if (installed) return;
        installed = true;
        if (System.getProperty(PATH_PROPERTY) != null) return;
        Optional<Path> root = ModelCache.root().map(r -> r.resolve("native"));
        if (root.isEmpty()) return;
        prepare(root.get(), platform(System.getProperty("os.name"), System.getProperty("os.arch")))
                .ifPresent(dir -> System.setProperty(PATH_PROPERTY, dir.toString()));
    }

    /**
     * ONNX Runtime's name for a platform's directory of native libraries in its jar ({@code linux-x64},
     * {@code osx-aarch64}, {@code win-x64}, ...), or empty for a platform this cache does not handle.
     */
    static Optional<String> platform(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : null;
        String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
        if (o == null || a == null || System.getProperty("java.vendor", "").toLowerCase(Locale.ROOT).contains("android")) {
            return Optional.empty();
        }
        return Optional.of(o + "-" + a);
    }

    /**
     * The directory under {@code root} holding this ONNX Runtime's libraries for {@code platform}, extracting them
     * there first if they are missing or damaged; empty if the libraries are not jar entries or cannot be written.
     */
    static Optional<Path> prepare(Path root, Optional<String> platform) {
        if (platform.isEmpty()) return Optional.empty();
        List<Entry> entries = new ArrayList<>(LIBRARIES.size());
        for (String library : LIBRARIES) {
            Optional<Entry> e = entry(platform.get(), System.mapLibraryName(library));
            if (e.isEmpty()) return Optional.empty();
            entries.add(e.get());
        }
        StringBuilder name = new StringBuilder("onnxruntime-").append(platform.get());
        for (Entry e : entries) name.append('-').append(Long.toHexString(e.crc));
        Path dir = root.resolve(name.toString());
        if (complete(dir, entries)) return Optional.of(dir);
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, name + ".partial");
            for (Entry e : entries) {
                try (InputStream in = e.url.openStream()) {
                    Files.copy(in, tmp.resolve(e.fileName));
                }
            }
            if (!complete(tmp, entries)) throw new IOException("extracted files do not have their jar entries' sizes");
            if (Files.exists(dir)) deleteTree(dir); // damaged
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (IOException lost) {
                // another process moved its copy into place first
                if (!complete(dir, entries)) throw lost;
            }
            log.debug("native library cache: wrote {}", dir);
            return Optional.of(dir);
        } catch (IOException | SecurityException e) {
            log.debug("native library cache: cannot write {}: {}", dir, e.toString());
            return Optional.empty();
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    private record Entry(String fileName, URL url, long crc, long size) {}

    private static Optional<Entry> entry(String platform, String fileName) {
        URL url = OrtEnvironment.class.getResource("/ai/onnxruntime/native/" + platform + "/" + fileName);
        if (url == null) return Optional.empty();
        try {
            if (url.openConnection() instanceof JarURLConnection jar) {
                var e = jar.getJarEntry();
                if (e != null && e.getCrc() >= 0 && e.getSize() >= 0) {
                    return Optional.of(new Entry(fileName, url, e.getCrc(), e.getSize()));
                }
            }
        } catch (IOException e) {
            log.debug("native library cache: cannot read {}: {}", url, e.toString());
        }
        return Optional.empty();
    }

    private static boolean complete(Path dir, List<Entry> entries) {
        try {
            for (Entry e : entries) {
                Path f = dir.resolve(e.fileName);
                if (!Files.isRegularFile(f) || Files.size(f) != e.size) return false;
            }
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | SecurityException e) {
            log.debug("native library cache: cannot delete {}: {}", dir, e.toString());
        }
    }
}
