package dev.cairn.embeddings;

import dev.cairn.core.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Varied English and not-so-English inputs: SQuAD v2 dev contexts and questions plus hand-made edge cases. */
final class TestTexts {
    private TestTexts() {}

    static List<String> squadContexts() {
        List<String> out = new ArrayList<>();
        for (JsonNode article : squad().path("data")) {
            for (JsonNode p : article.path("paragraphs")) out.add(p.path("context").asString());
        }
        return out;
    }

    static List<String> squadQuestions() {
        List<String> out = new ArrayList<>();
        for (JsonNode article : squad().path("data")) {
            for (JsonNode p : article.path("paragraphs")) {
                for (JsonNode q : p.path("qas")) out.add(q.path("question").asString());
            }
        }
        return out;
    }

    private static JsonNode squad() {
        try {
            return new ObjectMapper().readTree(Files.readString(
                    Fixtures.shared("data/squad-v2-dev-cs224n/dev-v2.0.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hand-made edge cases: scripts, accents, emoji, punctuation, special-token text, odd whitespace. */
    static List<String> edgeCases() {
        return List.of(
                "", " ", "   \t\n  ", "\u00a0", "\u200b", "\u0000\u0001",
                "!", "...", "?!,;:", "!!!???!!!", "—–-", "()[]{}<>", "\"'`", "#hashtag ##ing ###", "@user $100 50% a&b",
                "a", "I", "Hello, world!", "hello world", "HELLO WORLD",
                "Café crème brûlée à la française", "Müller, Straße, Größe, Ärger", "Ñandú, año, señor",
                "Tiếng Việt có dấu: Hà Nội, Đà Nẵng", "İstanbul ıslak ĞÜŞÖÇ", "naïve coöperate résumé façade",
                "Ὀδυσσεύς ΣΊΣΥΦΟΣ σοφός", "Москва — столица России.", "Україна, Київ", "שלום עולם", "مرحبا بالعالم",
                "नमस्ते दुनिया", "สวัสดีชาวโลก", "こんにちは世界、カタカナ、ひらがな。", "你好，世界！我爱北京天安门。",
                "机器学习是人工智能的一个分支", "한국어 문장입니다. 안녕하세요!", "日本語とEnglishのmixed文章123",
                "😀", "😀😃😄😁", "I ❤️ NY 🗽", "👩‍👩‍👧‍👦 family", "🇫🇷🇩🇪🇯🇵 flags", "Rocket 🚀 to the 🌕!",
                "e = mc² ∑∫√∞ ≠ ≤ ≥ ±", "½ ¼ ¾ ™ © ®", "ﬁ ﬂ ligatures ﬃ", "Ｆｕｌｌｗｉｄｔｈ　ｔｅｘｔ", "x\u0301y\u0308z (combining)",
                "tabs\tand\nnewlines\r\nmixed", "  leading and trailing spaces  ", "multiple     inner      spaces",
                "[CLS] special [SEP] tokens [PAD] in [MASK] text [UNK]", "<s> not special here </s>",
                "https://example.com/path?q=1&b=2#frag", "user@example.com", "C:\\Windows\\System32",
                "for (int i = 0; i < n; i++) { sum += a[i]; }", "SELECT * FROM t WHERE x = 'y';",
                "2024-01-15T10:30:00Z", "+1 (555) 123-4567", "3.14159265358979323846", "1,000,000.00",
                "supercalifragilisticexpialidocious antidisestablishmentarianism",
                "a".repeat(150), "word ".repeat(20), "unbelievably ".repeat(700),
                "Pneumonoultramicroscopicsilicovolcanoconiosis is a lung disease.",
                "The quick brown fox jumps over the lazy dog. ".repeat(60),
                "混合 mixed 文本 with 中文 and English 和 数字 123 ".repeat(40),
                "¿Dónde está la biblioteca? ¡Aquí!", "l'été d'aujourd'hui", "don't won't can't I'm you're",
                "CamelCaseWordsTogether snake_case_words kebab-case-words", "ALLCAPS SHOUTING TEXT!!!",
                "Ünïcödé ëvërÿwhërë", "ǅ ǈ ǋ titlecase digraphs", "ꙮ rare glyph", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters",
                "\uD83D\uDE00 surrogate pair", "a\u00adb soft hyphen", "zero\u200dwidth\u200cjoiners");
    }
}
