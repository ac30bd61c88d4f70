package dev.cairn.rag.load;

import dev.cairn.rag.Block;
import dev.cairn.rag.Document;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown read line by line: ATX ({@code ## x}) and setext headings, fenced code kept whole as one paragraph,
 * other paragraphs at blank lines. YAML-style front matter may give {@code title:} and {@code tags:}; the
 * title otherwise comes from the first level-1 heading, then the file name. The document text is the file
 * as written (markup included), so offsets point into the original.
 */
final class MarkdownLoader {
    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+|$)(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern FRONT_KEY = Pattern.compile("^(title|tags)\\s*:\\s*(.*)$");

    private MarkdownLoader() {}

    static LoadedDocument load(String path, byte[] bytes) {
        Decoded d = Decoded.of(path, bytes);
        String text = d.text();
        List<int[]> lines = lines(text);
        var blocks = new ArrayList<Block>();
        String title = null;
        var tags = new LinkedHashSet<String>();

        int i = 0;
        if (!lines.isEmpty() && line(text, lines.get(0)).strip().equals("---")) {
            for (int j = 1; j < lines.size(); j++) {
                String l = line(text, lines.get(j));
                if (l.strip().equals("---") || l.strip().equals("...")) {
                    for (int k = 1; k < j; k++) {
                        Matcher m = FRONT_KEY.matcher(line(text, lines.get(k)).strip());
                        if (!m.matches()) continue;
                        if (m.group(1).equals("title")) title = unquote(m.group(2));
                        else for (String t : m.group(2).replaceAll("^\\[|]$", "").split(","))
                            if (!unquote(t).isEmpty()) tags.add(unquote(t));
                    }
                    i = j + 1;
                    break;
                }
            }
        }

        int paraStart = -1;
        int paraEnd = -1;
        int paraLines = 0;
        for (; i < lines.size(); i++) {
            int[] ln = lines.get(i);
            String l = line(text, ln);
            Matcher fence = FENCE.matcher(l);
            Matcher atx = ATX.matcher(l);
            if (fence.find()) {
                paraStart = flush(blocks, paraStart, paraEnd);
                String marker = fence.group(1);
                int end = ln[1];
                int j = i + 1;
                for (; j < lines.size(); j++) {
                    end = lines.get(j)[1];
                    String s = line(text, lines.get(j)).strip();
                    if (s.startsWith(marker.substring(0, 3)) && s.chars().allMatch(c -> c == marker.charAt(0))) break;
                }
                blocks.add(Block.paragraph(ln[0], end, 0));
                i = Math.min(j, lines.size() - 1);
            } else if (atx.matches()) {
                paraStart = flush(blocks, paraStart, paraEnd);
                int level = atx.group(1).length();
                int s = ln[0] + atx.start(2);
                int e = ln[0] + atx.end(2);
                if (e > s) {
                    blocks.add(Block.heading(level, s, e, 0));
                    if (title == null && level == 1) title = text.substring(s, e).strip();
                }
            } else if (TextBlocks.isBlank(text, ln[0], ln[1])) {
                paraStart = flush(blocks, paraStart, paraEnd);
            } else if (paraStart >= 0 && paraLines == 1 && SETEXT.matcher(l).matches()) {
                int level = l.strip().startsWith("=") ? 1 : 2;
                String h = text.substring(paraStart, paraEnd).strip();
                blocks.add(Block.heading(level, paraStart, paraStart + h.length(), 0));
                if (title == null && level == 1) title = h;
                paraStart = -1;
            } else {
                if (paraStart < 0) {
                    paraStart = ln[0] + (l.length() - l.stripLeading().length());
                    paraLines = 0;
                }
                paraEnd = ln[1];
                paraLines++;
            }
        }
        flush(blocks, paraStart, paraEnd);
        if (title == null || title.isEmpty()) title = TextBlocks.titleFromName(path);
        var doc = new Document(path, "markdown", title, text, blocks, Set.copyOf(tags));
        return new LoadedDocument(doc, d.replaced(), List.of());
    }

    /** Adds the open paragraph, if any; returns the "no paragraph open" marker. */
    private static int flush(List<Block> blocks, int start, int end) {
        if (start >= 0 && end > start) blocks.add(Block.paragraph(start, end, 0));
        return -1;
    }

    /** Line ranges {@code [start, end)} without their newline. */
    private static List<int[]> lines(String text) {
        var out = new ArrayList<int[]>();
        int s = 0;
        while (s <= text.length()) {
            int nl = text.indexOf('\n', s);
            if (nl < 0) {
                if (s < text.length()) out.add(new int[] {s, text.length()});
                break;
            }
            out.add(new int[] {s, nl});
            s = nl + 1;
        }
        return out;
    }

    private static String line(String text, int[] range) {
        return text.substring(range[0], range[1]);
    }

    private static String unquote(String s) {
        s = s.strip();
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0))
            s = s.substring(1, s.length() - 1);
        return s.strip();
    }
}
