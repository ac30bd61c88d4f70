package dev.cairn.rag.load;

import dev.cairn.rag.RagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SourceWalkerTest {
    @TempDir
    Path root;

    void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    List<String> found(SourceWalker w) {
        return w.walk(List.of(root)).files().stream().map(f -> root.relativize(f.path()).toString().replace('\\', '/')).toList();
    }

    @Test
    void defaultsTakeSupportedTypesAndSkipHidden() throws IOException {
        write("a.md", "a");
        write("sub/b.html", "b");
        write("sub/deep/c.pdf", "c");
        write("sub/d.png", "d");
        write("notes.txt", "n");
        write(".hidden.md", "h");
        write(".git/config.txt", "g");
        assertEquals(List.of("a.md", "notes.txt", "sub/b.html", "sub/deep/c.pdf"), found(new SourceWalker(List.of(), List.of(), 1000)));
    }

    @Test
    void includeAndExcludeGlobs() throws IOException {
        write("a.md", "a");
        write("drafts/b.md", "b");
        write("docs/c.md", "c");
        write("docs/c.txt", "c");
        write("docs/old/d.md", "d");
        var w = new SourceWalker(List.of("**/*.md"), List.of("drafts/**", "**/old"), 1000);
        assertEquals(List.of("a.md", "docs/c.md"), found(w));
    }

    @Test
    void largeFilesAreSkippedWithAReason() throws IOException {
        write("small.txt", "x");
        write("big.txt", "x".repeat(2000));
        var walk = new SourceWalker(List.of(), List.of(), 1000).walk(List.of(root));
        assertEquals(1, walk.files().size());
        assertEquals(1, walk.skipped().size());
        assertTrue(walk.skipped().getFirst().reason().startsWith("too large (2000 bytes"), walk.skipped().toString());
    }

    @Test
    void singleFileRootsAndMissingRoots() throws IOException {
        write("x.dat", "data");
        var walk = new SourceWalker(List.of(), List.of(), 1000).walk(List.of(root.resolve("x.dat")));
        assertEquals(1, walk.files().size(), "a file given by name is taken whatever the globs say");
        var e = assertThrows(RagException.class, () -> new SourceWalker(List.of(), List.of(), 1000).walk(List.of(root.resolve("nope"))));
        assertTrue(e.getMessage().contains("no such file or folder"));
    }

    @Test
    void overlappingRootsListEachFileOnce() throws IOException {
        write("a.md", "a");
        write("sub/b.md", "b");
        var walk = new SourceWalker(List.of(), List.of(), 1000).walk(List.of(root, root.resolve("sub"), root.resolve("sub/b.md")));
        assertEquals(List.of(root.resolve("a.md"), root.resolve("sub/b.md")), walk.files().stream().map(SourceWalker.Found::path).toList());
    }

    @Test
    void emptyFolder() {
        var walk = new SourceWalker(List.of(), List.of(), 1000).walk(List.of(root));
        assertTrue(walk.files().isEmpty() && walk.skipped().isEmpty());
    }
}
