package dev.cairn.rag.load;

import dev.cairn.rag.Block;
import dev.cairn.rag.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Plain text: paragraphs at blank lines, titled by the file name. */
final class TextLoader {
    private TextLoader() {}

    static LoadedDocument load(String path, byte[] bytes) {
        Decoded d = Decoded.of(path, bytes);
        var blocks = new ArrayList<Block>();
        TextBlocks.paragraphs(d.text(), 0, d.text().length(), 0, blocks);
        var doc = new Document(path, "text", TextBlocks.titleFromName(path), d.text(), blocks, Set.of());
        return new LoadedDocument(doc, d.replaced(), List.of());
    }
}
