package dev.cairn.rag.load;

import dev.cairn.rag.Block;
import dev.cairn.rag.Document;
import dev.cairn.rag.RagException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class LoadersTest {

    static List<String> texts(Document d, Block.Kind kind) {
        return d.blocks().stream().filter(b -> b.kind() == kind).map(b -> d.text().substring(b.start(), b.end())).toList();
    }

    @Test
    void htmlDropsChromeAndKeepsTitleAndHeadings() {
        String html = """
                <!doctype html><html><head><title>Widget Guide</title><style>p { color: red }</style>
                <script>var secret = "tracking";</script></head>
                <body><header><a href="/">Home</a> | Products</header>
                <nav><ul><li>Menu one</li><li>Menu two</li></ul></nav>
                <main><article><header><h1>Widgets<a class="headerlink" href="#w">¶</a></h1></header>
                <p>Widgets   are <b>small</b>
                   parts.</p><script>alert(1)</script>
                <h2>Sizes</h2><ul><li>Small widget</li><li>Large widget</li></ul>
                <pre>  code   block
                  kept</pre>
                <table><tr><td>cell one</td><td>cell two</td></tr></table>
                </article><aside>Related: gadgets</aside></main>
                <footer>Copyright 2026</footer></body></html>
                """;
        LoadedDocument l = DocumentLoaders.load("/site/widgets.html", html.getBytes(StandardCharsets.UTF_8));
        Document d = l.document();
        assertEquals("html", d.type());
        assertEquals("Widget Guide", d.title());
        assertEquals(List.of("Widgets", "Sizes"), texts(d, Block.Kind.HEADING));
        assertEquals(List.of("Widgets are small parts.", "Small widget", "Large widget", "  code   block\n  kept",
                "cell one cell two"), texts(d, Block.Kind.PARAGRAPH));
        for (String gone : List.of("tracking", "alert", "Menu", "Home", "Copyright", "gadgets", "color", "¶"))
            assertFalse(d.text().contains(gone), gone + " should be dropped: " + d.text());
        assertEquals(1, d.blocks().stream().filter(b -> b.isHeading() && b.level() == 1).count());
    }

    @Test
    void htmlWithoutTitleUsesH1ThenFileName() {
        assertEquals("Top", DocumentLoaders.load("/a/b.htm", "<h1>Top</h1><p>x</p>".getBytes(StandardCharsets.UTF_8)).document().title());
        assertEquals("b", DocumentLoaders.load("/a/b.htm", "<p>x</p>".getBytes(StandardCharsets.UTF_8)).document().title());
    }

    @Test
    void markdownStructureFrontMatterAndFences() {
        String md = """
                ---
                title: "The Manual"
                tags: [ops, guide]
                ---
                Intro line one
                continues here.

                # Setup ##

                Run it.

                ```sh
                # not a heading
                make

                install
                ```

                Second level
                ------------

                Text under setext.
                """;
        Document d = DocumentLoaders.load("/m/manual.md", md.getBytes(StandardCharsets.UTF_8)).document();
        assertEquals("markdown", d.type());
        assertEquals("The Manual", d.title());
        assertEquals(Set.of("ops", "guide"), d.tags());
        assertEquals(List.of("Setup", "Second level"), texts(d, Block.Kind.HEADING));
        List<String> paras = texts(d, Block.Kind.PARAGRAPH);
        assertEquals("Intro line one\ncontinues here.", paras.get(0));
        assertEquals("Run it.", paras.get(1));
        assertTrue(paras.get(2).startsWith("```sh\n# not a heading") && paras.get(2).endsWith("install\n```"), paras.get(2));
        assertEquals("Text under setext.", paras.get(3));
        assertEquals(md, d.text(), "markdown text is the file as written");
    }

    @Test
    void markdownTitleFromFirstH1() {
        Document d = DocumentLoaders.load("/m/x.md", "# Hello World\n\nbody\n".getBytes(StandardCharsets.UTF_8)).document();
        assertEquals("Hello World", d.title());
    }

    @Test
    void plainTextParagraphsAndCrLf() {
        Document d = DocumentLoaders.load("/t/notes.txt", "first\r\npara\r\n\r\n\r\n  second  \r\n".getBytes(StandardCharsets.UTF_8)).document();
        assertEquals("notes", d.title());
        assertEquals(List.of("first\npara", "second"), texts(d, Block.Kind.PARAGRAPH));
    }

    @Test
    void invalidUtf8IsReplacedAndCounted() {
        byte[] bytes = "caf\u00e9 ok. more text here to dilute".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, bad, 0, bytes.length);
        bad[bytes.length] = (byte) 0xC3; // truncated two-byte sequence
        bad[bytes.length + 1] = (byte) 0xFF; // never valid
        LoadedDocument l = DocumentLoaders.load("/t/bad.txt", bad);
        assertEquals(2, l.invalidUtf8());
        assertTrue(l.document().text().endsWith("dilute\uFFFD\uFFFD"));
        assertTrue(l.document().text().startsWith("caf\u00e9"));
    }

    @Test
    void mostlyInvalidUtf8IsRejected() {
        byte[] latin = new byte[100];
        for (int i = 0; i < latin.length; i++) latin[i] = (byte) (0xE0 + i % 16);
        var e = assertThrows(RagException.class, () -> DocumentLoaders.load("/t/latin.txt", latin));
        assertTrue(e.getMessage().startsWith("/t/latin.txt: not UTF-8 text"), e.getMessage());
    }

    @Test
    void utf16WithBomDecodes() {
        byte[] b = "\uFEFFhello there".getBytes(StandardCharsets.UTF_16LE);
        assertTrue(DocumentLoaders.binaryReason(b).isEmpty());
        assertEquals("hello there", DocumentLoaders.load("/t/u.txt", b).document().text());
    }

    @Test
    void binaryDetection() {
        assertTrue(DocumentLoaders.binaryReason("plain".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(DocumentLoaders.binaryReason(new byte[] {'a', 0, 'b'}).orElseThrow().contains("NUL"));
        assertTrue(DocumentLoaders.binaryReason(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1}).isPresent());
    }

    static byte[] pdf(List<List<String>> pages, String title) throws IOException {
        try (var doc = new PDDocument(); var out = new ByteArrayOutputStream()) {
            var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                var page = new PDPage();
                doc.addPage(page);
                try (var cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 12);
                    cs.setLeading(14);
                    cs.newLineAtOffset(72, 720);
                    for (String line : lines) {
                        if (line.isEmpty()) cs.newLineAtOffset(0, -28);
                        else {
                            cs.showText(line);
                            cs.newLine();
                        }
                    }
                    cs.endText();
                }
            }
            if (title != null) doc.getDocumentInformation().setTitle(title);
            doc.save(out);
            return out.toByteArray();
        }
    }

    static byte[] pdf(List<List<String>> pages) throws IOException {
        return pdf(pages, null);
    }

    @Test
    void pdfTextPerPageWithPageNumbers() throws IOException {
        byte[] bytes = pdf(List.of(
                List.of("Alpha page one begins here", "and continues on a second line."),
                List.of("Beta page two text."),
                List.of()), "Report 2026");
        LoadedDocument l = DocumentLoaders.load("/p/report.pdf", bytes);
        Document d = l.document();
        assertEquals("pdf", d.type());
        assertEquals("Report 2026", d.title());
        assertTrue(l.warnings().isEmpty());
        assertEquals(2, d.blocks().size());
        Block a = d.blocks().get(0), b = d.blocks().get(1);
        assertEquals(1, a.page());
        assertEquals(2, b.page());
        assertEquals("Alpha page one begins here and continues on a second line.", d.text().substring(a.start(), a.end()));
        assertEquals("Beta page two text.", d.text().substring(b.start(), b.end()));
    }

    @Test
    void pdfWithoutTextWarns() throws IOException {
        LoadedDocument l = DocumentLoaders.load("/p/scan.pdf", pdf(List.of(List.of())));
        assertTrue(l.document().blocks().isEmpty());
        assertEquals("scan", l.document().title());
        assertTrue(l.warnings().getFirst().contains("no extractable text"), l.warnings().toString());
    }

    @Test
    void brokenPdfIsAClearError() throws IOException {
        byte[] good = pdf(List.of(List.of("hello")));
        byte[] truncated = java.util.Arrays.copyOf(good, 40);
        var e = assertThrows(RagException.class, () -> DocumentLoaders.load("/p/broken.pdf", truncated));
        assertTrue(e.getMessage().startsWith("/p/broken.pdf: not a readable PDF"), e.getMessage());
        var e2 = assertThrows(RagException.class, () -> DocumentLoaders.load("/p/junk.pdf", "not a pdf at all".getBytes()));
        assertTrue(e2.getMessage().startsWith("/p/junk.pdf: "), e2.getMessage());
    }

    @Test
    void encryptedPdfNeedsPassword() throws IOException {
        byte[] bytes;
        try (var doc = new PDDocument(); var out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            var policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(out);
            bytes = out.toByteArray();
        }
        var e = assertThrows(RagException.class, () -> DocumentLoaders.load("/p/locked.pdf", bytes));
        assertEquals("/p/locked.pdf: encrypted PDF, a password is required to read it", e.getMessage());
    }
}
