package dev.cairn.rag.load;

import dev.cairn.rag.Block;
import dev.cairn.rag.Document;
import dev.cairn.rag.RagException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * PDF through PDFBox: the text of each page in reading order, paragraphs at the blank lines PDFBox's
 * paragraph detection leaves, lines within a paragraph joined by spaces, every block tagged with its page
 * (from 1). The title is the document information's title, else the file name. An encrypted PDF that needs
 * a password, or one PDFBox cannot parse, is an error naming the file; one without extractable text (a scan)
 * loads empty with a warning.
 */
final class PdfLoader {
    private PdfLoader() {}

    static LoadedDocument load(String path, byte[] bytes) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            var stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setLineSeparator("\n");
            stripper.setParagraphStart("");
            stripper.setParagraphEnd("\n");
            stripper.setPageEnd("\n");
            var text = new StringBuilder();
            var blocks = new ArrayList<Block>();
            int pages = pdf.getNumberOfPages();
            for (int page = 1; page <= pages; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                appendPage(stripper.getText(pdf), page, text, blocks);
            }
            String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
            if (title == null || title.isBlank()) title = TextBlocks.titleFromName(path);
            var warnings = blocks.isEmpty()
                    ? List.of("no extractable text in " + pages + " page(s) (a scanned PDF needs OCR first)")
                    : List.<String>of();
            return new LoadedDocument(new Document(path, "pdf", title.strip(), text.toString(), blocks, Set.of()), 0, warnings);
        } catch (InvalidPasswordException e) {
            throw new RagException(path + ": encrypted PDF, a password is required to read it");
        } catch (IOException e) {
            throw new RagException(path + ": not a readable PDF (" + e.getMessage() + ")", e);
        }
    }

    /** Appends one page's paragraphs, each with its lines joined by single spaces. */
    private static void appendPage(String raw, int page, StringBuilder text, List<Block> blocks) {
        for (String para : raw.split("\\n\\s*\\n")) {
            String joined = para.strip().replaceAll("\\s*\\n\\s*", " ").replaceAll("[ \\t\\x0B\\f]+", " ");
            if (joined.isEmpty()) continue;
            if (!text.isEmpty()) text.append("\n\n");
            int start = text.length();
            text.append(joined);
            blocks.add(Block.paragraph(start, text.length(), page));
        }
    }
}
