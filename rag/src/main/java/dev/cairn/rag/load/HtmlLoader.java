package dev.cairn.rag.load;

import dev.cairn.rag.Block;
import dev.cairn.rag.Document;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * HTML through jsoup: scripts, styles, navigation, asides, hidden elements and the page's own header and
 * footer are dropped (a {@code <header>} inside an article or section is that article's and stays); headings become heading blocks; block elements become paragraphs with whitespace collapsed
 * ({@code <pre>} keeps its own). The title is the {@code <title>}, else the first {@code <h1>}, else the file
 * name. The document text is the extracted text, paragraphs separated by blank lines.
 */
final class HtmlLoader {
    static final String DROPPED = "script, style, noscript, template, svg, canvas, iframe, object, nav, aside, "
            + " [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], [hidden], "
            + ".headerlink, .skip-link";
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "body", "li", "ul", "ol",
            "dl", "dt", "dd", "pre", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "caption", "figure",
            "figcaption", "hr", "details", "summary", "address", "fieldset", "legend", "form");

    private HtmlLoader() {}

    static LoadedDocument load(String path, byte[] bytes) {
        Decoded d = Decoded.of(path, bytes);
        org.jsoup.nodes.Document html = Jsoup.parse(d.text());
        html.select(DROPPED).remove();
        for (Element e : html.select("header, footer"))
            if (e.parents().stream().noneMatch(p -> p.nameIs("article") || p.nameIs("main") || p.nameIs("section"))) e.remove();
        var extractor = new Extractor();
        NodeTraversor.traverse(extractor, html.body());
        extractor.flush();
        String title = html.title().strip();
        if (title.isEmpty()) {
            Element h1 = html.selectFirst("h1");
            title = h1 == null ? "" : h1.text().strip();
        }
        if (title.isEmpty()) title = TextBlocks.titleFromName(path);
        var doc = new Document(path, "html", title, extractor.out.toString(), extractor.blocks, Set.of());
        return new LoadedDocument(doc, d.replaced(), List.of());
    }

    /** Walks the DOM, appending text and closing a block at every block-level boundary. */
    private static final class Extractor implements NodeVisitor {
        final StringBuilder out = new StringBuilder();
        final List<Block> blocks = new ArrayList<>();
        private int start = -1;
        private int headingLevel;
        private int pre;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode t) {
                append(pre > 0 ? t.getWholeText() : t.text());
            } else if (node instanceof Element e) {
                String tag = e.normalName();
                if (tag.equals("br")) {
                    if (start >= 0) out.append('\n');
                } else if (isHeading(tag)) {
                    flush();
                    headingLevel = tag.charAt(1) - '0';
                } else if (BLOCKS.contains(tag)) {
                    flush();
                    if (tag.equals("pre")) pre++;
                } else if (tag.equals("td") || tag.equals("th")) {
                    if (start >= 0 && !endsWithSpace()) out.append(' ');
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element e) {
                String tag = e.normalName();
                if (isHeading(tag) || BLOCKS.contains(tag)) {
                    flush();
                    if (tag.equals("pre")) pre--;
                }
            }
        }

        private void append(String s) {
            if (pre == 0) {
                s = s.replaceAll("\\s+", " ");
                if (start < 0 || endsWithSpace()) s = s.stripLeading();
            }
            if (s.isEmpty()) return;
            if (start < 0) {
                if (!out.isEmpty()) out.append("\n\n");
                start = out.length();
            }
            out.append(s);
        }

        private boolean endsWithSpace() {
            return !out.isEmpty() && Character.isWhitespace(out.charAt(out.length() - 1));
        }

        void flush() {
            if (start >= 0) {
                int end = out.length();
                while (end > start && Character.isWhitespace(out.charAt(end - 1))) end--;
                out.setLength(end);
                if (end > start) {
                    blocks.add(headingLevel > 0 ? Block.heading(headingLevel, start, end, 0) : Block.paragraph(start, end, 0));
                }
            }
            start = -1;
            headingLevel = 0;
        }

        private static boolean isHeading(String tag) {
            return tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6';
        }
    }
}
