package dev.cairn.examples.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An agent whose tools are a remote MCP server ({@code cairn.mcp.clients.workshop}: the mcp-tools-server example
 * over Streamable HTTP) and a knowledge base (Cairn's documentation, ingested at start-up), driven by the model of
 * {@code cairn.llm.*}. The starter makes the {@link dev.cairn.agents.Agent}; {@link AgentDemo} runs the goal
 * given on the command line and prints every step.
 */
@SpringBootApplication
public class AgentDemoApplication {
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(AgentDemoApplication.class, args)));
    }
}
