package dev.cairn.rag.cache;

import dev.cairn.rag.HashingEmbedder;
import dev.cairn.rag.answer.AnswerGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class LlmCacheTest {
    @TempDir
    Path dir;
    final HashingEmbedder emb = new HashingEmbedder();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    static final Map<String, String> GREEDY = Map.of("temperature", "0", "max_tokens", "256");

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    LlmCache open(CacheOptions options) {
        return LlmCache.open(dir, options, emb, clock);
    }

    @Test
    void exactHitAndMissesOnAnotherModelOrParameter() {
        var cache = open(CacheOptions.exactOnly(Duration.ofHours(1)));
        var key = new CacheKey("qwen3", "What is the capital of France?", GREEDY);
        assertTrue(cache.get(key).isEmpty());
        cache.put(key, "Paris.");
        CacheHit hit = cache.get(new CacheKey("qwen3", "What is the capital of France?", Map.of("max_tokens", "256", "temperature", "0"))).orElseThrow();
        assertEquals("Paris.", hit.response());
        assertTrue(hit.exact());
        assertEquals(1.0, hit.similarity());
        assertEquals(clock.now, hit.created());
        assertTrue(cache.get(new CacheKey("qwen3", key.prompt(), Map.of("temperature", "0.8", "max_tokens", "256"))).isEmpty());
        assertTrue(cache.get(new CacheKey("llama", key.prompt(), GREEDY)).isEmpty());
        assertTrue(cache.get(new CacheKey("qwen3", key.prompt(), Map.of("temperature", "0"))).isEmpty());
        assertTrue(cache.get(new CacheKey("qwen3", "What is the capital of Spain?", GREEDY)).isEmpty(), "exact only");
    }

    @Test
    void semanticHitAboveTheThresholdWithinTheSameModelAndParameters() {
        var cache = open(CacheOptions.defaults().withSimilarityThreshold(0.8));
        cache.put(new CacheKey("qwen3", "what is the capital city of france", GREEDY), "Paris.");
        // the hashing embedder: same words, other case and punctuation, one more word -> high cosine
        CacheHit hit = cache.get(new CacheKey("qwen3", "What is the capital city of France, please?", GREEDY)).orElseThrow();
        assertFalse(hit.exact());
        assertTrue(hit.similarity() >= 0.8 && hit.similarity() < 1.0, "similarity " + hit.similarity());
        assertEquals("what is the capital city of france", hit.prompt());
        assertTrue(cache.get(new CacheKey("qwen3", "how do bees make honey", GREEDY)).isEmpty());
        assertTrue(cache.get(new CacheKey("qwen3", "What is the capital city of France, please?", Map.of("temperature", "1"))).isEmpty(),
                "never across parameters");
        var strict = LlmCache.open(dir, CacheOptions.defaults().withSimilarityThreshold(0.999), emb, clock);
        assertTrue(strict.get(new CacheKey("qwen3", "What is the capital city of France, please?", GREEDY)).isEmpty());
    }

    @Test
    void entriesExpireAfterTheTtl() {
        var cache = open(CacheOptions.defaults().withTtl(Duration.ofMinutes(10)));
        var key = new CacheKey("m", "prompt one", GREEDY);
        cache.put(key, "r1");
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertTrue(cache.get(key).isPresent());
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertTrue(cache.get(key).isEmpty(), "expired at created + ttl");
        assertTrue(cache.get(new CacheKey("m", "prompt one!", GREEDY)).isEmpty(), "no semantic hit on an expired entry");
        assertEquals(0, cache.size());
        assertFalse(Files.exists(dir.resolve(key.digest() + ".entry")), "expired entries are deleted");
    }

    @Test
    void survivesReopenAndSkipsBrokenFiles() throws IOException {
        var cache = open(CacheOptions.defaults());
        var key = new CacheKey("m", "a prompt longer than sixty-four kibibytes? ".repeat(2000), GREEDY);
        cache.put(key, "long answer");
        cache.put(new CacheKey("m", "short", Map.of()), "short answer");
        cache.close();
        Files.writeString(dir.resolve("junk.entry"), "not an entry");
        var reopened = open(CacheOptions.defaults());
        assertEquals(2, reopened.size());
        assertEquals("long answer", reopened.get(key).orElseThrow().response());
        assertEquals("short answer", reopened.get(new CacheKey("m", "short", Map.of())).orElseThrow().response());
        clock.now = clock.now.plus(Duration.ofDays(2));
        assertEquals(0, open(CacheOptions.defaults()).size(), "a reopened cache drops what expired meanwhile");
    }

    @Test
    void cachedGeneratorCallsTheModelOncePerPrompt() {
        var cache = open(CacheOptions.defaults());
        var calls = new AtomicInteger();
        AnswerGenerator model = prompt -> "answer " + calls.incrementAndGet();
        AnswerGenerator g = cache.cached(model, "m", GREEDY);
        assertEquals("answer 1", g.generate("Which river runs through Paris?"));
        assertEquals("answer 1", g.generate("Which river runs through Paris?"));
        assertEquals("answer 1", g.generate("which river runs through paris"), "semantic");
        assertEquals("answer 2", g.generate("Who wrote Hamlet?"));
        assertEquals(2, calls.get());
        assertEquals("answer 3", cache.cached(model, "m", Map.of("temperature", "0.7")).generate("Who wrote Hamlet?"));
    }
}
