package dev.cairn.tokenizers;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufFormatException;
import dev.cairn.gguf.GgufMetadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Creates tokenizers from Hugging Face tokenizer.json files and GGUF metadata. */
public final class Tokenizers {
    private Tokenizers() {}

    /**
     * Loads a tokenizer.json, or the vocabulary of a .gguf file, chosen by the file's content; a directory
     * means the tokenizer.json in it.
     */
    public static Tokenizer load(Path file) {
        if (Files.isDirectory(file)) {
            Path json = file.resolve("tokenizer.json");
            if (!Files.isRegularFile(json)) throw new TokenizerException(file + ": a directory without a tokenizer.json");
            return fromTokenizerJson(json);
        }
        if (isGguf(file)) return fromGguf(file);
        String text = readText(file);
        if (!text.stripLeading().startsWith("{")) {
            throw new TokenizerException(file + ": neither a GGUF file nor a tokenizer.json");
        }
        return TokenizerJsonLoader.load(text, file.toString());
    }

    /** Loads a Hugging Face tokenizer.json. */
    public static Tokenizer fromTokenizerJson(Path file) {
        return TokenizerJsonLoader.load(readText(file), file.toString());
    }

    /** Loads a Hugging Face tokenizer.json from a stream (read fully, not closed); {@code sourceName} names it in errors. */
    public static Tokenizer fromTokenizerJson(InputStream in, String sourceName) {
        try {
            return TokenizerJsonLoader.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), sourceName);
        } catch (IOException e) {
            throw new TokenizerException(sourceName + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Loads the vocabulary of a .gguf model file. */
    public static Tokenizer fromGguf(Path file) {
        if (!Files.isRegularFile(file)) throw new TokenizerException(file + ": no such file");
        try (GgufFile gguf = GgufFile.open(file)) {
            return fromGguf(gguf.metadata());
        } catch (GgufFormatException e) {
            throw new TokenizerException(e.getMessage(), e);
        }
    }

    /** Builds a tokenizer from GGUF metadata (the tokenizer.ggml.* keys). */
    public static Tokenizer fromGguf(GgufMetadata metadata) {
        return GgufLoader.load(metadata);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TokenizerException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new TokenizerException(file + ": neither a GGUF file nor a tokenizer.json (not UTF-8 text)");
        } catch (IOException e) {
            throw new TokenizerException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean isGguf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        } catch (NoSuchFileException e) {
            throw new TokenizerException(file + ": no such file");
        } catch (IOException e) {
            throw new TokenizerException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
