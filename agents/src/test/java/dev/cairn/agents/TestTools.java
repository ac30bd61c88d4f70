package dev.cairn.agents;

import dev.cairn.mcp.Describe;
import dev.cairn.mcp.McpTool;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Java tools for the agent tests, served by an in-process MCP server; counters show what really ran. */
public final class TestTools {
    public final AtomicInteger deletes = new AtomicInteger();
    public final AtomicInteger lookups = new AtomicInteger();
    public final AtomicInteger notes = new AtomicInteger();
    /** Released when two {@code wait_for_peer} calls are inside the tool at the same time. */
    final CountDownLatch bothInside = new CountDownLatch(2);

    public record Sum(@Describe("first") int a, @Describe("second") int b) {
    }

    public record Key(@Describe("what to look up") String key) {
    }

    public record Path(@Describe("file to delete") String path) {
    }

    public record Note(String text) {
    }

    public record Millis(int millis) {
    }

    @McpTool(description = "Adds two integers", readOnly = true, destructive = false)
    public String add(Sum s) {
        return Integer.toString(s.a() + s.b());
    }

    @McpTool(description = "Looks up a value by key", readOnly = true, destructive = false)
    public String lookup(Key k) {
        lookups.incrementAndGet();
        return switch (k.key()) {
            case "capital_of_france" -> "Paris";
            case "population_of_paris" -> "2.1 million";
            default -> throw new IllegalArgumentException("no value for key " + k.key());
        };
    }

    @McpTool(description = "Deletes a file", readOnly = false, destructive = true)
    public String delete_file(Path p) {
        deletes.incrementAndGet();
        return "deleted " + p.path();
    }

    @McpTool(description = "Appends a note (adds, never removes)", readOnly = false, destructive = false)
    public String add_note(Note n) {
        notes.incrementAndGet();
        return "noted";
    }

    @McpTool(description = "Sleeps", readOnly = true, destructive = false)
    public String sleep(Millis m) throws InterruptedException {
        Thread.sleep(m.millis());
        return "slept " + m.millis();
    }

    @McpTool(description = "Waits until another call of this tool is running too (proves calls run in parallel)", readOnly = true, destructive = false)
    public String wait_for_peer(Key k) throws InterruptedException {
        bothInside.countDown();
        return bothInside.await(20, TimeUnit.SECONDS) ? "met a peer" : "alone";
    }
}
