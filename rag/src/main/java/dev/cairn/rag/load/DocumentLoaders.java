package dev.cairn.rag.load;

import java.util.Locale;
import java.util.Optional;

/**
 * Chooses a loader by file extension and reads a file's bytes into a {@link LoadedDocument}. Failures are
 * {@link dev.cairn.rag.RagException}s naming the file; callers that walk folders count them and go on.
 */
public final class DocumentLoaders {
    /** The file types read, by extension. Anything else matched by an include glob is read as plain text. */
    public static final String DEFAULT_INCLUDE = "**/*.{txt,text,md,markdown,mdx,rst,adoc,html,htm,xhtml,pdf}";

    private DocumentLoaders() {}

    /** {@code text}, {@code markdown}, {@code html} or {@code pdf}, from the name's extension. */
    public static String typeOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "md", "markdown", "mdx" -> "markdown";
            case "html", "htm", "xhtml" -> "html";
            case "pdf" -> "pdf";
            default -> "text";
        };
    }

    /**
     * Loads one file's content. {@code path} names the document (its identity in the index and in messages).
     *
     * @throws dev.cairn.rag.RagException when the content cannot be read as its type
     */
    public static LoadedDocument load(String path, byte[] bytes) {
        return switch (typeOf(path)) {
            case "markdown" -> MarkdownLoader.load(path, bytes);
            case "html" -> HtmlLoader.load(path, bytes);
            case "pdf" -> PdfLoader.load(path, bytes);
            default -> TextLoader.load(path, bytes);
        };
    }

    /** Why a file is not text, judged from its magic number or a NUL byte in its first 8 KiB, or empty when it looks like text. */
    public static Optional<String> binaryReason(byte[] bytes) {
        if (typeOfMagic(bytes)) return Optional.of("binary file");
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff
                || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)) return Optional.empty(); // UTF-16 text
        int n = Math.min(bytes.length, 8192);
        for (int i = 0; i < n; i++) if (bytes[i] == 0) return Optional.of("binary file (NUL byte at offset " + i + ")");
        return Optional.empty();
    }

    private static boolean typeOfMagic(byte[] b) {
        // zip/jar/docx, gzip, png, jpeg, gif: binary even when the first 8 KiB lack a NUL byte
        return b.length >= 4 && ((b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
                || ((b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b)
                || ((b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G')
                || ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff)
                || (b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8'));
    }
}
