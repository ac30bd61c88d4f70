package dev.cairn.cli;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void embedReportsThroughputAndSavesItsTexts() throws Exception {
        Path squad = Fixtures.shared(BenchTexts.SQUAD);
        Path saved = dir.resolve("texts.txt");
        CairnTest.Run r = CairnTest.run("bench", "embed", "--model", "all-minilm-l6-v2-q", "--count", "20",
                "--input", squad.toString(), "--save-texts", saved.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)bench embed: all-minilm-l6-v2-q, 20 texts from dev-v2.0.json .* embeddings/s .*"), r.out());
        List<String> texts = Files.readAllLines(saved);
        assertEquals(20, texts.size());
        assertEquals(texts, BenchTexts.load(squad, 20), "the same pieces every time");

        r = CairnTest.run("bench", "embed", "--model", "all-minilm-l6-v2-q", "--count", "3", "--input", saved.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 texts from texts.txt"), r.out());
    }

    @Test
    void squadPiecesAverageAboutFiveHundredCharacters() {
        List<String> pieces = BenchTexts.load(Fixtures.shared(BenchTexts.SQUAD), 1000);
        double avg = pieces.stream().mapToInt(String::length).average().orElseThrow();
        assertTrue(avg > 450 && avg < 550, "average " + avg);
        assertEquals(1000, pieces.stream().distinct().count());
    }

    @Test
    void benchNeedsASubcommand() {
        CairnTest.Run r = CairnTest.run("bench");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing benchmark"), r.err());
    }
}
