package dev.cairn.rag.load;

import dev.cairn.rag.RagException;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the files to ingest under some roots. Globs are matched against the path relative to its root with
 * {@code /} separators, and {@code **}{@code /} also matches at the top ({@code **}{@code /*.md} matches
 * {@code a.md}). Hidden files and folders (names starting with a dot) are left out, symbolic links are not
 * followed, files over the size limit and unreadable folders are reported as skipped. A root may also be a
 * single file, which is taken whatever the globs say.
 */
public final class SourceWalker {
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;
    private final long maxBytes;

    /** A file found, with its size. */
    public record Found(Path path, Path root, long size) {}

    /** A file or folder left out, and why. */
    public record Skipped(Path path, String reason) {}

    public record Walk(List<Found> files, List<Skipped> skipped) {}

    public SourceWalker(List<String> includeGlobs, List<String> excludeGlobs, long maxBytes) {
        this.includes = matchers(includeGlobs.isEmpty() ? List.of(DocumentLoaders.DEFAULT_INCLUDE) : includeGlobs);
        this.excludes = matchers(excludeGlobs);
        this.maxBytes = maxBytes;
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        var fs = FileSystems.getDefault();
        return globs.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
    }

    private static boolean matches(List<PathMatcher> ms, String rel) {
        Path p = Path.of(rel);
        Path top = Path.of("/" + rel);
        for (PathMatcher m : ms) if (m.matches(p) || m.matches(top)) return true;
        return false;
    }

    /** Walks each root; the result lists files in a stable (sorted) order. */
    public Walk walk(List<Path> roots) {
        var files = new ArrayList<Found>();
        var skipped = new ArrayList<Skipped>();
        for (Path given : roots) {
            Path root = given.toAbsolutePath().normalize();
            if (!Files.exists(root)) throw new RagException("no such file or folder: " + given);
            if (Files.isRegularFile(root)) {
                add(root, root.getParent(), size(root), files, skipped);
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (dir.equals(root)) return FileVisitResult.CONTINUE;
                        String rel = relative(root, dir);
                        if (isHidden(dir) || matches(excludes, rel) || matches(excludes, rel + "/"))
                            return FileVisitResult.SKIP_SUBTREE;
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String rel = relative(root, file);
                        if (!attrs.isRegularFile() || isHidden(file)) return FileVisitResult.CONTINUE;
                        if (!matches(includes, rel) || matches(excludes, rel)) return FileVisitResult.CONTINUE;
                        add(file, root, attrs.size(), files, skipped);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        skipped.add(new Skipped(file, "unreadable: " + e.getClass().getSimpleName() + " " + e.getMessage()));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new RagException("cannot walk " + given + ": " + e.getMessage(), e);
            }
        }
        // overlapping roots (docs and docs/sub) find some files twice: keep each once
        var unique = new java.util.TreeMap<Path, Found>();
        for (Found f : files) unique.putIfAbsent(f.path, f);
        return new Walk(List.copyOf(unique.values()), List.copyOf(skipped));
    }

    private void add(Path file, Path root, long size, List<Found> files, List<Skipped> skipped) {
        if (size > maxBytes) skipped.add(new Skipped(file, "too large (" + size + " bytes, the limit is " + maxBytes + ")"));
        else files.add(new Found(file, root, size));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new RagException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
