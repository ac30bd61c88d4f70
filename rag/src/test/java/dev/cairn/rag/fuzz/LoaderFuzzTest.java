package dev.cairn.rag.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.core.fuzz.FuzzProperty;
import dev.cairn.rag.Block;
import dev.cairn.rag.Chunk;
import dev.cairn.rag.Chunker;
import dev.cairn.rag.Document;
import dev.cairn.rag.RagException;
import dev.cairn.rag.load.DocumentLoaders;
import dev.cairn.rag.load.LoadedDocument;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of the document loaders (PDF through PDFBox, HTML through jsoup, Markdown) and of the
 * chunker behind them: any file content either loads into a well-formed {@link Document} (blocks inside the
 * text, in order) whose chunks all lie inside the text, or fails with a {@link RagException} naming the file; no
 * other throwable, no hang. Ingest walks people's folders, so every file is hostile input. Committed inputs
 * (replayed in {@code mvn verify}): small PDFs written by PDFBox (plain and compressed object streams, one
 * without text), HTML with scripts, external resources and broken nesting, Markdown with front matter, fences
 * and invalid UTF-8, under {@code src/test/resources/dev/cairn/rag/fuzz/LoaderFuzzTestInputs/}. Fuzzing:
 * {@code bin/fuzz rag LoaderFuzzTest 300}.
 */
class LoaderFuzzTest {
    private static final Chunker CHUNKER = Chunker.defaults();

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void pdf(byte[] input) {
        check("/fuzz/input.pdf", input);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void html(byte[] input) {
        check("/fuzz/input.html", input);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void markdown(byte[] input) {
        check("/fuzz/input.md", input);
    }

    private static void check(String path, byte[] input) {
        FuzzProperty.endsInResultOr(() -> {
            LoadedDocument loaded = DocumentLoaders.load(path, input);
            Document doc = loaded.document();
            int previousEnd = 0;
            for (Block b : doc.blocks()) {
                if (b.start() < previousEnd || b.end() > doc.text().length()) {
                    throw new AssertionError("block " + b + " outside the text (" + doc.text().length() + " chars) or out of order");
                }
                previousEnd = b.start();
            }
            for (Chunk c : CHUNKER.chunk(doc)) {
                if (c.text() == null || c.text().isBlank()) throw new AssertionError("empty chunk " + c);
            }
        }, RagException.class);
    }
}
