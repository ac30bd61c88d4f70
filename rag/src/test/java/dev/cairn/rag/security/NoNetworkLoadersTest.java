package dev.cairn.rag.security;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.rag.load.DocumentLoaders;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Loaders never fetch what a document points at. A real HTTP server on loopback records every request while
 * HTML (images, stylesheets, scripts, iframes, CSS imports, a meta refresh, a base href), Markdown (images and
 * links) and a PDF (a link annotation with a URI action) that all point at it are loaded: it must see none, and
 * the text must still come out.
 */
class NoNetworkLoadersTest {
    private HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            byte[] body = "fetched".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void htmlMarkdownAndPdfLoadWithoutAnyRequest() throws IOException {
        String html = """
                <html><head><base href="%1$s/base/"><meta http-equiv="refresh" content="0; url=%1$s/refresh">
                <link rel="stylesheet" href="%1$s/style.css"><script src="%1$s/script.js"></script>
                <style>@import url("%1$s/import.css"); body { background: url(%1$s/bg.png) }</style></head>
                <body><h1>Title</h1><p>Body text <img src="%1$s/img.png" srcset="%1$s/img2.png 2x"> here.</p>
                <iframe src="%1$s/frame"></iframe><object data="%1$s/object"></object>
                <a href="%1$s/link">a link</a></body></html>""".formatted(base);
        var h = DocumentLoaders.load("/docs/page.html", html.getBytes(StandardCharsets.UTF_8));
        assertTrue(h.document().text().contains("Body text"), h.document().text());

        String md = "# Doc\n\n![image](" + base + "/md.png) and [link](" + base + "/md-link) and <img src=\"" + base + "/md-img\">\n";
        var m = DocumentLoaders.load("/docs/page.md", md.getBytes(StandardCharsets.UTF_8));
        assertTrue(m.document().text().contains("Doc"), m.document().text());

        var p = DocumentLoaders.load("/docs/page.pdf", pdfWithLink(base + "/pdf-link"));
        assertTrue(p.document().text().contains("Click here"), p.document().text());

        assertEquals(List.of(), requests, "a loader fetched a URL");
    }

    private static byte[] pdfWithLink(String uri) throws IOException {
        try (var doc = new PDDocument(); var out = new ByteArrayOutputStream()) {
            var page = new PDPage();
            doc.addPage(page);
            try (var cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 720);
                cs.showText("Click here for more.");
                cs.endText();
            }
            var link = new PDAnnotationLink();
            link.setRectangle(new PDRectangle(72, 710, 200, 20));
            var action = new PDActionURI();
            action.setURI(uri);
            link.setAction(action);
            page.getAnnotations().add(link);
            doc.save(out);
            return out.toByteArray();
        }
    }
}
