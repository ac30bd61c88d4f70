package dev.cairn.rag.load;

import dev.cairn.rag.Document;

import java.util.List;

/**
 * What a loader made of one file.
 *
 * @param invalidUtf8 how many invalid UTF-8 sequences were replaced by U+FFFD (the file was kept)
 * @param warnings    anything else worth telling the user (no extractable text, ...)
 */
public record LoadedDocument(Document document, int invalidUtf8, List<String> warnings) {
    public LoadedDocument {
        warnings = List.copyOf(warnings);
    }
}
