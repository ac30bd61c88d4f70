package dev.cairn.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark input: a text file (one text per line) or a SQuAD-format JSON file, whose contexts are run together and
 * cut at word boundaries into pieces of 100 to 900 characters (about 500 on average), the same pieces every time.
 */
final class BenchTexts {
    static final String SQUAD = "data/squad-v2-dev-cs224n/dev-v2.0.json";

    private BenchTexts() {}

    /** {@code count} texts from {@code file}, repeating the file's texts if it has fewer. */
    static List<String> load(Path file, int count) {
        List<String> all = file.toString().endsWith(".json") ? squadPieces(file, count) : lines(file);
        if (all.isEmpty()) throw new IllegalArgumentException(file + ": no texts in it");
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) texts.add(all.get(i % all.size()));
        return texts;
    }

    /** The SQuAD v2 dev set beside the repository ({@code ../shared}), searched upwards from the working directory. */
    static Path defaultInput() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : List.of(p.resolve("shared").resolve(SQUAD), p.resolve("../shared").resolve(SQUAD))) {
                if (Files.isRegularFile(candidate)) return candidate.normalize();
            }
        }
        throw new IllegalArgumentException("no --input given and no shared/" + SQUAD
                + " found above the working directory; pass --input FILE (one text per line, or a SQuAD .json)");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    static List<String> squadPieces(Path file, int count) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException(file + ": not a readable SQuAD JSON file: " + e.getMessage());
        }
        List<String> words = new ArrayList<>();
        for (JsonNode article : root.path("data")) {
            for (JsonNode p : article.path("paragraphs")) {
                for (String w : p.path("context").asString("").split("\\s+")) if (!w.isEmpty()) words.add(w);
            }
        }
        if (words.isEmpty()) throw new IllegalArgumentException(file + ": no SQuAD contexts (data[].paragraphs[].context)");
        Random random = new Random(42);
        List<String> pieces = new ArrayList<>(count);
        int next = 0;
        while (pieces.size() < count && next < words.size()) {
            int target = 100 + random.nextInt(801);
            StringBuilder piece = new StringBuilder();
            while (piece.length() < target && next < words.size()) {
                if (!piece.isEmpty()) piece.append(' ');
                piece.append(words.get(next++));
            }
            pieces.add(piece.toString());
        }
        return pieces;
    }
}
