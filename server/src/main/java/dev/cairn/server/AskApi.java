package dev.cairn.server;

import com.sun.net.httpserver.HttpExchange;
import dev.cairn.llm.Cancellation;
import dev.cairn.rag.Passage;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.Retriever;
import dev.cairn.rag.SearchMode;
import dev.cairn.rag.SearchRequest;
import dev.cairn.rag.answer.Answer;
import dev.cairn.rag.answer.Answerer;
import dev.cairn.rag.answer.AnswerGenerator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The web UI's API, answers with citations from rag's {@link Answerer} over the index:
 * <ul>
 *   <li>{@code POST /api/ask {"question": ...}}: server-sent events {@code sources} (the numbered passages, sent
 *       as soon as they are retrieved), {@code token} (the answer's text as it is written; extractive answers come
 *       in one piece), {@code done} ({@code grounded}, {@code extractive}) or {@code error};</li>
 *   <li>{@code GET /api/documents}: the indexed documents' paths and the index's counts;</li>
 *   <li>{@code GET /api/passages/{id}}: a passage an answer cited (the server keeps the latest
 *       {@value #CACHED_PASSAGES}), with its text and where it comes from.</li>
 * </ul>
 */
final class AskApi {
    static final int CACHED_PASSAGES = 10_000;
    static final int SOURCES = 5;
    static final int MAX_QUESTION_CHARS = 4_000;

    record AskRequest(String question) {}

    record Source(int n, String id, String path, String citation, String title, int page) {}

    record PassageView(String id, String path, String citation, String title, List<String> headings, int page,
                       String text) {}

    private final RagIndex index;
    private final ModelBackend backend;
    private final boolean generates;
    private final GenerationGate gate;
    private final int maxTokens;
    private final long maxBodyBytes;
    private final Map<String, Passage> cited = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Passage> eldest) {
            return size() > CACHED_PASSAGES;
        }
    };

    AskApi(RagIndex index, ModelBackend backend, GenerationGate gate, int maxTokens, long maxBodyBytes) {
        this.index = index;
        this.backend = backend;
        this.generates = !(backend instanceof ExtractiveBackend);
        this.gate = gate;
        this.maxTokens = maxTokens;
        this.maxBodyBytes = maxBodyBytes;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/api/ask")) {
            Exchanges.requireMethod(exchange, "POST");
            ask(exchange);
        } else if (path.equals("/api/documents")) {
            Exchanges.requireMethod(exchange, "GET");
            var info = index.info();
            Exchanges.sendJson(exchange, 200, Map.of("documents", new TreeSet<>(index.store().documentHashes().keySet()),
                    "chunks", info.chunks(), "embeddingModel", info.model(), "model", backend.modelId()));
        } else if (path.startsWith("/api/passages/")) {
            Exchanges.requireMethod(exchange, "GET");
            String raw = exchange.getRequestURI().getRawPath().substring("/api/passages/".length());
            String id = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            Passage p;
            synchronized (cited) {
                p = cited.get(id);
            }
            if (p == null) throw new ServerException(404, "not_found_error", "id", null,
                    "no cited passage '" + id + "' (passages are kept after an answer cites them)");
            var c = p.chunk();
            Exchanges.sendJson(exchange, 200, new PassageView(c.id(), c.path(), p.citation(), c.title(), c.headings(), c.page(), c.text()));
        } else {
            throw Exchanges.notFound(exchange);
        }
    }

    private void ask(HttpExchange exchange) throws IOException {
        AskRequest req = Exchanges.readJson(exchange, maxBodyBytes, AskRequest.class);
        String question = req.question() == null ? "" : req.question().strip();
        if (question.isEmpty()) throw ServerException.invalid("question", "question is empty: ask something");
        if (question.length() > MAX_QUESTION_CHARS)
            throw ServerException.invalid("question", "question has " + question.length() + " characters; at most " + MAX_QUESTION_CHARS);
        if (!index.store().hasSearchTerms(question))
            throw ServerException.invalid("question", "the question has only stop words or punctuation; add words that say what to look for");
        Cancellation cancellation = new Cancellation();
        try (GenerationGate.Ticket ticket = gate.enter(cancellation)) {
            SseStream sse = new SseStream(exchange, cancellation);
            try {
                Retriever retriever = announcing(index.retriever(SearchMode.HYBRID), sse);
                AnswerGenerator generator = !generates ? null : prompt -> {
                    ticket.awaitSlot();
                    ModelBackend.Reply r = backend.chat(GenerationJob.ofUserMessage(prompt, maxTokens, cancellation),
                            piece -> sse.send("token", Map.of("text", piece)));
                    return r.text();
                };
                Answer answer = new Answerer(retriever, generator, SOURCES, 3).answer(question);
                if (answer.extractive() || answer.sources().isEmpty()) sse.send("token", Map.of("text", answer.text()));
                sse.send("done", Map.of("grounded", answer.grounded(), "extractive", answer.extractive(),
                        "cancelled", cancellation.isCancelled()));
            } catch (ServerException e) {
                sse.send("error", Map.of("message", e.getMessage()));
            } finally {
                sse.close();
            }
        }
    }

    /** {@code inner}, sending each result as a {@code sources} event and keeping its passages for /api/passages. */
    private Retriever announcing(Retriever inner, SseStream sse) {
        return new Retriever() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public List<Passage> retrieve(SearchRequest request) {
                List<Passage> found = inner.retrieve(request);
                var sources = new ArrayList<Source>();
                synchronized (cited) {
                    for (int i = 0; i < found.size(); i++) {
                        Passage p = found.get(i);
                        cited.put(p.chunk().id(), p);
                        sources.add(new Source(i + 1, p.chunk().id(), p.path(), p.citation(), p.chunk().title(), p.chunk().page()));
                    }
                }
                sse.send("sources", Map.of("sources", sources));
                return found;
            }
        };
    }
}
