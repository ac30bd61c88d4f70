package dev.cairn.rag;

/**
 * One structural element of a {@link Document}'s text: a heading or a paragraph, as the character range
 * {@code [start, end)} of {@link Document#text()}. Pages count from 1; 0 means the format has no pages.
 *
 * @param level heading level 1..6 for headings, 0 for paragraphs
 */
public record Block(Kind kind, int level, int start, int end, int page) {
    public enum Kind { HEADING, PARAGRAPH }

    public Block {
        if (kind == null) throw new IllegalArgumentException("kind is null");
        if (start < 0 || end < start) throw new IllegalArgumentException("bad block range [" + start + ", " + end + ")");
        if (page < 0) throw new IllegalArgumentException("page < 0: " + page);
        if (kind == Kind.HEADING && (level < 1 || level > 6)) throw new IllegalArgumentException("heading level " + level);
    }

    public static Block heading(int level, int start, int end, int page) {
        return new Block(Kind.HEADING, level, start, end, page);
    }

    public static Block paragraph(int start, int end, int page) {
        return new Block(Kind.PARAGRAPH, 0, start, end, page);
    }

    public boolean isHeading() {
        return kind == Kind.HEADING;
    }
}
