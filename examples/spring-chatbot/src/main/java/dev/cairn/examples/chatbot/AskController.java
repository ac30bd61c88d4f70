package dev.cairn.examples.chatbot;

import dev.cairn.rag.Passage;
import dev.cairn.rag.answer.Answer;
import dev.cairn.rag.answer.Answerer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** {@code GET /ask?q=...}: an answer that cites its numbered sources as [n], with the sources. */
@RestController
class AskController {
    private final Answerer answerer;

    AskController(Answerer answerer) {
        this.answerer = answerer;
    }

    /** One numbered source: {@code [n]} in the answer refers to it. */
    record Source(int n, String citation, String path, String text) {
    }

    record Reply(String question, String answer, boolean grounded, boolean extractive, List<Source> sources) {
    }

    @GetMapping("/ask")
    ResponseEntity<?> ask(@RequestParam(name = "q", required = false) String question) {
        if (question == null || question.isBlank()) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", "ask with ?q=your+question"));
        }
        Answer answer = answerer.answer(question.strip());
        List<Source> sources = IntStream.range(0, answer.sources().size()).mapToObj(i -> {
            Passage p = answer.sources().get(i);
            return new Source(i + 1, p.citation(), p.path(), p.text());
        }).toList();
        return ResponseEntity.ok(new Reply(answer.question(), answer.text(), answer.grounded(), answer.extractive(), sources));
    }
}
