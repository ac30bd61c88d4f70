package dev.cairn.rag.load;

import dev.cairn.rag.Block;

import java.util.List;

/** Splits plain text into paragraph blocks at blank lines, trimming each paragraph's surrounding whitespace. */
final class TextBlocks {
    private TextBlocks() {}

    /** Adds the paragraphs of {@code text[from, to)} to {@code blocks}. */
    static void paragraphs(String text, int from, int to, int page, List<Block> blocks) {
        int i = from;
        while (i < to) {
            while (i < to && Character.isWhitespace(text.charAt(i))) i++;
            if (i >= to) break;
            int start = i;
            int end = i;
            while (i < to) {
                int lineEnd = text.indexOf('\n', i);
                if (lineEnd < 0 || lineEnd >= to) lineEnd = to;
                if (isBlank(text, i, lineEnd)) break;
                end = lineEnd;
                i = Math.min(to, lineEnd + 1);
            }
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
            if (end > start) blocks.add(Block.paragraph(start, end, page));
        }
    }

    static boolean isBlank(String s, int from, int to) {
        for (int i = from; i < to; i++) if (!Character.isWhitespace(s.charAt(i))) return false;
        return true;
    }

    /** The file name without its extension, for documents that carry no title of their own. */
    static String titleFromName(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
