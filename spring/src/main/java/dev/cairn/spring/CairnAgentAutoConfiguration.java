package dev.cairn.spring;

import dev.cairn.agents.Agent;
import dev.cairn.agents.ChatModel;
import dev.cairn.agents.ConfirmationPolicy;
import dev.cairn.agents.Limits;
import dev.cairn.agents.knowledge.KnowledgeBaseServer;
import dev.cairn.agents.langchain4j.LangChain4jChatModel;
import dev.cairn.agents.local.LocalChatModel;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.cairn.mcp.McpServer;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.answer.AnswerGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.ArrayList;
import java.util.List;

/**
 * A tool-using {@link Agent} when there is a model to drive it: Cairn's agents {@link ChatModel} over the local
 * GGUF model, over a LangChain4j chat model (the configured OpenAI-compatible one or the application's), or the
 * application's own. Its tools: every MCP server of {@code cairn.mcp.clients.*} (connected when the agent is
 * made), the index as the knowledge-base server ({@code knowledge_base}), and the application's {@code @McpTool}
 * beans ({@code application}). Tools that may change things run only with {@code cairn.agent.allow-changes=true}.
 */
@AutoConfiguration(after = {CairnAnswerAutoConfiguration.class, CairnMcpAutoConfiguration.class})
@EnableConfigurationProperties(CairnProperties.class)
@ConditionalOnBooleanProperty(name = "cairn.agent.enabled", matchIfMissing = true)
public class CairnAgentAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(CairnAgentAutoConfiguration.class);

    /** The local model as an agent model: tool calls are decoded under the tools' schemas, greedily. */
    @Bean
    @ConditionalOnBean(Model.class)
    @ConditionalOnMissingBean(ChatModel.class)
    ChatModel cairnAgentChatModel(Model model, CairnProperties properties) {
        return new LocalChatModel(model, properties.llm().maxTokens(), Sampler.Settings.greedy(), false, "local");
    }

    @Bean
    @ConditionalOnBean(dev.langchain4j.model.chat.ChatModel.class)
    @ConditionalOnMissingBean(ChatModel.class)
    ChatModel cairnLangChain4jAgentChatModel(dev.langchain4j.model.chat.ChatModel model) {
        return new LangChain4jChatModel(model, "langchain4j");
    }

    @Bean
    @ConditionalOnBean(ChatModel.class)
    @ConditionalOnMissingBean
    Agent cairnAgent(ChatModel model, McpClients clients, ObjectProvider<RagIndex> index, ObjectProvider<StartupIngest> ingest,
                     ObjectProvider<AnswerGenerator> generator, ListableBeanFactory beans, CairnProperties properties) {
        CairnProperties.AgentSettings settings = properties.agent();
        Agent.Builder agent = Agent.builder().model(model)
                .limits(Limits.defaults().withMaxSteps(settings.maxSteps()))
                .confirmation(settings.allowChanges() ? ConfirmationPolicy.allowAll() : ConfirmationPolicy.denyAll());
        if (settings.systemPrompt() != null && !settings.systemPrompt().isBlank()) {
            agent.systemPrompt(settings.systemPrompt());
        }
        List<String> servers = new ArrayList<>();
        for (String name : clients.names()) {
            agent.mcp(name, clients.client(name));
            servers.add(name);
        }
        RagIndex rag = index.getIfAvailable();
        if (rag != null) {
            ingest.ifAvailable(done -> { }); // the knowledge-base server lists the documents when built: ingest first
            agent.tools("knowledge_base", KnowledgeBaseServer.builder(rag).generator(generator.getIfAvailable()).build());
            servers.add("knowledge_base");
        }
        if (settings.applicationTools()) {
            McpServer.Builder application = McpServer.builder().name("application").version("1");
            if (!McpToolBeans.register(beans, application).isEmpty()) {
                agent.tools("application", application.build());
                servers.add("application");
            }
        }
        log.info("agent on {} with the tools of {}", model.name(), servers);
        return agent.build();
    }
}
