package dev.cairn.spring;

import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.mcp.McpServer;
import dev.cairn.rag.HashingEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which MCP endpoints exist for which settings (the HTTP behaviour itself is in {@link StarterWebTest}). */
class McpEndpointsTest {
    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CairnIndexAutoConfiguration.class, CairnModelAutoConfiguration.class,
                    CairnAnswerAutoConfiguration.class, CairnMcpAutoConfiguration.class))
            .withBean(EmbeddingService.class, HashingEmbedder::new);

    @TempDir
    Path dir;

    private static List<String> paths(org.springframework.context.ApplicationContext context) {
        return context.getBeanProvider(McpHttpEndpoint.class).orderedStream().map(McpHttpEndpoint::path).sorted().toList();
    }

    @Test
    void toolsAtMcpAndTheKnowledgeBaseBesideItWhenThereIsAnIndex() {
        web.run(context -> assertEquals(List.of("/mcp"), paths(context)));
        web.withPropertyValues("cairn.index.path=" + dir.resolve("index")).run(context -> {
            assertEquals(List.of("/mcp", "/mcp/knowledge-base"), paths(context));
            assertThat(context).getBeans(McpServer.class).containsOnlyKeys("cairnMcpServer", "cairnKnowledgeBaseMcpServer");
        });
        web.withPropertyValues("cairn.index.path=" + dir.resolve("index"), "cairn.mcp.server.path=/tools",
                "cairn.mcp.server.knowledge-base-path=/kb").run(context -> assertEquals(List.of("/kb", "/tools"), paths(context)));
    }

    @Test
    void switchedOffByProperty() {
        web.withPropertyValues("cairn.index.path=" + dir.resolve("index"), "cairn.mcp.server.knowledge-base=false")
                .run(context -> assertEquals(List.of("/mcp"), paths(context)));
        web.withPropertyValues("cairn.index.path=" + dir.resolve("index"), "cairn.mcp.server.enabled=false")
                .run(context -> assertEquals(List.of(), paths(context)));
    }

    @Test
    void noEndpointsOutsideAServletApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CairnIndexAutoConfiguration.class, CairnMcpAutoConfiguration.class))
                .withBean(EmbeddingService.class, HashingEmbedder::new)
                .run(context -> {
                    assertEquals(List.of(), paths(context));
                    assertThat(context).hasSingleBean(McpClients.class);
                });
    }

    @Test
    void aPathMustStartWithASlashAndTheTwoMustDiffer() {
        web.withPropertyValues("cairn.mcp.server.path=mcp").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("cairn.mcp.server.path and knowledge-base-path must start with '/'"));
        web.withPropertyValues("cairn.mcp.server.knowledge-base-path=/mcp").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("must differ, both are /mcp"));
    }
}
