package dev.cairn.agents;

import dev.cairn.agents.memory.ConversationMemory;
import dev.cairn.agents.memory.LongTermMemory;
import dev.cairn.rag.HashingEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.cairn.agents.ScriptedChatModel.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversation memory within a token budget, and long-term facts in a Lucene index on disk, per session. */
class MemoryTest {
    static int words(String s) {
        return s.isBlank() ? 0 : s.strip().split("\\s+").length;
    }

    @Test
    void trimsWholeOldExchangesWithoutAModel() {
        ConversationMemory memory = new ConversationMemory(40, MemoryTest::words, null);
        for (int i = 0; i < 6; i++) {
            memory.add(new ChatMessage.User("question number " + i + " about rivers and lakes"));
            memory.add(ChatMessage.Assistant.of("answer number " + i + " about rivers and lakes"));
        }
        assertTrue(memory.tokenCount() <= 40, "within budget: " + memory.tokenCount());
        List<ChatMessage> kept = memory.messages();
        assertTrue(kept.getFirst() instanceof ChatMessage.User, "an exchange is never cut in half: " + kept);
        assertEquals("answer number 5 about rivers and lakes", ((ChatMessage.Assistant) kept.getLast()).text());
        assertEquals(12 - kept.size(), memory.dropped(), "what was trimmed is counted");
        assertTrue(memory.summary().isEmpty());
    }

    @Test
    void summarizesOldTurnsWhenAModelIsAvailable() {
        var summarizer = new ScriptedChatModel(r -> {
            String text = ((ChatMessage.User) r.messages().getLast()).text();
            assertTrue(text.contains("user: my name is Ada"), text);
            return answer("The user is Ada.");
        }, r -> answer("The user is Ada; she likes tea."));
        ConversationMemory memory = new ConversationMemory(30, MemoryTest::words, summarizer);
        memory.add(new ChatMessage.User("my name is Ada"));
        memory.add(ChatMessage.Assistant.of("nice to meet you Ada"));
        memory.add(new ChatMessage.User("I like tea very much and drink it every single day"));
        memory.add(ChatMessage.Assistant.of("tea is a fine drink indeed"));
        assertEquals("The user is Ada.", memory.summary());
        assertTrue(((ChatMessage.System) memory.messages().getFirst()).text().endsWith("The user is Ada."));
        assertEquals(0, memory.dropped());
    }

    @Test
    void longTermFactsPersistPerSessionAndAreRecalledBySimilarity(@TempDir Path tmp) {
        var embedder = new HashingEmbedder();
        try (LongTermMemory memory = LongTermMemory.open(tmp.resolve("memory"), embedder.modelName(), embedder, embedder.dimension())) {
            memory.remember("alice", "Alice's favourite colour is green");
            memory.remember("alice", "Alice's favourite colour is green");
            memory.remember("alice", "Alice works on the Danube survey");
            memory.remember("bob", "Bob's favourite colour is red");
            assertThrows(AgentException.class, () -> memory.remember("../etc", "x"));
        }
        try (LongTermMemory memory = LongTermMemory.open(tmp.resolve("memory"), embedder.modelName(), embedder, embedder.dimension())) {
            List<String> recalled = memory.recall("alice", "what is my favourite colour", 5, 0.0);
            assertEquals("Alice's favourite colour is green", recalled.getFirst(), "reopened from disk, best match first");
            assertEquals(2, recalled.size(), "stored once though remembered twice, and only alice's");
            assertFalse(recalled.contains("Bob's favourite colour is red"));
            memory.forget("alice");
            assertTrue(memory.recall("alice", "favourite colour", 5, 0.0).isEmpty());
            assertEquals(1, memory.recall("bob", "favourite colour", 5, 0.0).size());
        }
    }

    @Test
    void anAgentRemembersAcrossRunsAndSessions(@TempDir Path tmp) {
        var embedder = new HashingEmbedder();
        try (LongTermMemory longTerm = LongTermMemory.open(tmp.resolve("memory"), embedder.modelName(), embedder, embedder.dimension())) {
            var model = new ScriptedChatModel(r -> answer("Noted: the wifi password is hunter2."),
                    r -> answer(((ChatMessage.System) r.messages().getFirst()).text()),
                    r -> answer(((ChatMessage.System) r.messages().getFirst()).text()),
                    r -> answer(String.valueOf(r.messages().size())));
            try (Agent agent = Agent.builder().model(model).longTermMemory(longTerm, 3)
                    .memory(() -> new ConversationMemory(500, MemoryTest::words, null)).build()) {
                agent.run("s1", "Remember that the wifi password is hunter2");
                String system = agent.run("s1", "What is the wifi password?").answer();
                assertTrue(system.contains("the wifi password is hunter2"), "recalled into the system prompt: " + system);
                assertTrue(system.contains("<untrusted-data source=\"memory\">"), system);
                String other = agent.run("s2", "What is the wifi password?").answer();
                assertFalse(other.contains("hunter2"), "another session recalls nothing: " + other);
                // s1's conversation memory: 2 exchanges (4 messages) + system + the new question
                assertEquals("6", agent.run("s1", "and again?").answer());
            }
        }
    }
}
