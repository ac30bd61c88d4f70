package dev.cairn.agents.memory;

import dev.cairn.agents.AgentException;
import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.rag.Chunk;
import dev.cairn.rag.ChunkStore;
import dev.cairn.rag.DocumentUpdate;
import dev.cairn.rag.MetadataFilter;
import dev.cairn.rag.ScoredChunk;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Facts that outlive a conversation: each fact is a chunk in a Cairn index on disk (Lucene, embedded with the
 * index's model), filed under its session id, and recalled by vector similarity to the current turn. The same
 * fact stored twice is one chunk.
 */
public final class LongTermMemory implements AutoCloseable {
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ChunkStore store;
    private final EmbeddingService embedder;

    public LongTermMemory(ChunkStore store, EmbeddingService embedder) {
        this.store = store;
        this.embedder = embedder;
    }

    /** Opens (creating if needed) a memory index in {@code directory}. */
    public static LongTermMemory open(Path directory, String modelName, EmbeddingService embedder, int dimension) {
        return new LongTermMemory(LuceneChunkStore.open(directory, modelName, dimension, LuceneStoreOptions.defaults()), embedder);
    }

    public void remember(String session, String fact) {
        String text = fact.strip();
        if (text.isEmpty()) throw new AgentException("an empty fact cannot be remembered");
        String path = prefix(session) + sha(text);
        Chunk chunk = new Chunk(path, 0, "memory", "", List.of(), text, 0, text.length(), 0, Set.of("session:" + session));
        store.commit(List.of(new DocumentUpdate(path, sha(text), List.of(chunk), embedder.embedPassages(List.of(text)))), List.of());
    }

    /** Up to {@code k} facts of {@code session}, most similar to {@code query} first, at least {@code minScore} cosine. */
    public List<String> recall(String session, String query, int k, double minScore) {
        if (query.isBlank()) return List.of();
        List<ScoredChunk> hits = store.vectorSearch(embedder.embedQuery(query), k, MetadataFilter.pathPrefix(prefix(session)));
        return hits.stream().filter(h -> h.score() >= minScore).map(h -> h.chunk().text()).toList();
    }

    /** Forgets every fact of {@code session}. */
    public void forget(String session) {
        String prefix = prefix(session);
        List<String> paths = store.documentHashes().keySet().stream().filter(p -> p.startsWith(prefix)).toList();
        if (!paths.isEmpty()) store.commit(List.of(), paths);
    }

    private static String prefix(String session) {
        if (!SESSION.matcher(session).matches()) {
            throw new AgentException("session id '" + session + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return "memory/" + session + "/";
    }

    private static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
