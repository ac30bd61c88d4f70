package dev.cairn.spring;

import dev.cairn.agents.knowledge.KnowledgeBaseServer;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.transport.StreamableHttpHandler;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.answer.AnswerGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MCP on the application's own web server: the {@code @McpTool} methods of its beans at
 * {@code cairn.mcp.server.path} ({@code /mcp}), the index as Cairn's knowledge-base server at
 * {@code cairn.mcp.server.knowledge-base-path}, both Streamable HTTP for the 2025-11-25 (sessions) and
 * 2026-07-28 (stateless) revisions; and the {@link McpClients} of {@code cairn.mcp.clients.*}.
 */
@AutoConfiguration(after = CairnAnswerAutoConfiguration.class)
@EnableConfigurationProperties(CairnProperties.class)
public class CairnMcpAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(CairnMcpAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    McpClients cairnMcpClients(CairnProperties properties) {
        var server = properties.mcp().server();
        return new McpClients(properties.mcp().clients(), new Implementation(server.name(), server.version()));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnBooleanProperty(name = "cairn.mcp.server.enabled", matchIfMissing = true)
    static class Server {
        /** The application's tools: every {@code @McpTool} method of its singleton beans. */
        @Bean
        @ConditionalOnMissingBean(name = "cairnMcpServer")
        McpServer cairnMcpServer(ListableBeanFactory beans, CairnProperties properties) {
            var settings = properties.mcp().server();
            McpServer.Builder server = McpServer.builder().name(settings.name()).version(settings.version());
            List<String> toolBeans = McpToolBeans.register(beans, server);
            log.info("MCP server at {}: @McpTool methods of {}", settings.path(), toolBeans.isEmpty() ? "no bean" : toolBeans);
            return server.build();
        }

        @Bean
        McpHttpEndpoint cairnMcpEndpoint(@Qualifier("cairnMcpServer") McpServer cairnMcpServer, CairnProperties properties,
                                         Environment environment) {
            return endpoint(properties.mcp().server().path(), cairnMcpServer, properties, environment);
        }

        /** Maps every endpoint's path ahead of the application's controllers. */
        @Bean
        SimpleUrlHandlerMapping cairnMcpHandlerMapping(ObjectProvider<McpHttpEndpoint> endpoints) {
            Map<String, Object> urls = new LinkedHashMap<>();
            endpoints.orderedStream().forEach(endpoint -> urls.put(endpoint.path(), endpoint));
            return new SimpleUrlHandlerMapping(urls, Ordered.HIGHEST_PRECEDENCE + 10);
        }

        static McpHttpEndpoint endpoint(String path, McpServer server, CairnProperties properties, Environment environment) {
            var settings = properties.mcp().server();
            StreamableHttpHandler handler = StreamableHttpHandler.builder(server)
                    .bindAddress(bindAddress(environment))
                    .allowedOrigins(Set.copyOf(settings.allowedOrigins()))
                    .allowedHosts(Set.copyOf(settings.allowedHosts()))
                    .build();
            return new McpHttpEndpoint(path, handler);
        }

        /**
         * The address the web server binds ({@code server.address}, all interfaces when unset): on a loopback
         * address only local Host and Origin headers are accepted, elsewhere only the allowed origins are.
         */
        static InetAddress bindAddress(Environment environment) {
            String address = environment.getProperty("server.address");
            try {
                return address == null || address.isBlank() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(address.strip());
            } catch (UnknownHostException e) {
                throw new CairnSpringException("server.address=" + address + " is not an address: " + e.getMessage(), e);
            }
        }
    }

    /** The index as Cairn's knowledge-base MCP server (tools search and ask, documents as resources). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnBooleanProperty(name = "cairn.mcp.server.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "cairn.mcp.server.knowledge-base", matchIfMissing = true)
    @ConditionalOnBean(RagIndex.class)
    static class KnowledgeBase {
        @Bean
        @ConditionalOnMissingBean(name = "cairnKnowledgeBaseMcpServer")
        McpServer cairnKnowledgeBaseMcpServer(RagIndex index, ObjectProvider<StartupIngest> ingest, ObjectProvider<AnswerGenerator> generator,
                                              CairnProperties properties) {
            ingest.ifAvailable(done -> { }); // the documents are listed when the server is built: ingest first
            return KnowledgeBaseServer.builder(index).generator(generator.getIfAvailable())
                    .name(properties.mcp().server().name() + "-knowledge-base").version(properties.mcp().server().version()).build();
        }

        @Bean
        McpHttpEndpoint cairnKnowledgeBaseEndpoint(@Qualifier("cairnKnowledgeBaseMcpServer") McpServer cairnKnowledgeBaseMcpServer,
                                                   CairnProperties properties, Environment environment) {
            return Server.endpoint(properties.mcp().server().knowledgeBasePath(), cairnKnowledgeBaseMcpServer, properties, environment);
        }
    }
}
