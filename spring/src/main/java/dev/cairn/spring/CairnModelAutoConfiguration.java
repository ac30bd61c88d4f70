package dev.cairn.spring;

import dev.cairn.core.CairnException;
import dev.cairn.agents.local.LocalAnswerGenerator;
import dev.cairn.llm.Model;
import dev.cairn.rag.answer.AnswerGenerator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model that writes answers, as rag's {@link AnswerGenerator}: a local GGUF file run by Cairn's runtime
 * ({@code cairn.llm.model-path}), or an OpenAI-compatible server through LangChain4j ({@code cairn.llm.openai.*},
 * also exposed as a LangChain4j {@link ChatModel}); {@link CairnAnswerAutoConfiguration} turns any
 * {@link ChatModel} bean, the application's own too, into an {@link AnswerGenerator}. Without one, answers are extractive.
 */
@AutoConfiguration
@EnableConfigurationProperties(CairnProperties.class)
public class CairnModelAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "cairn.llm", name = "model-path")
    static class Local {
        /** The GGUF model at {@code cairn.llm.model-path}, memory-mapped; closed with the context. */
        @Bean
        @ConditionalOnMissingBean
        Model cairnModel(CairnProperties properties) {
            Path path = properties.llm().modelPath();
            if (!Files.isRegularFile(path)) {
                throw new CairnSpringException("cairn.llm.model-path: " + path.toAbsolutePath() + " is not a file");
            }
            try {
                return Model.load(path);
            } catch (CairnException e) {
                throw new CairnSpringException("cairn.llm.model-path: cannot load " + path + ": " + e.getMessage(), e);
            }
        }

        @Bean
        @ConditionalOnMissingBean
        AnswerGenerator cairnAnswerGenerator(Model model, CairnProperties properties) {
            return new LocalAnswerGenerator(model, properties.llm().maxTokens());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenAiChatModel.class)
    @ConditionalOnProperty(prefix = "cairn.llm.openai", name = "base-url")
    static class Remote {
        @Bean
        @ConditionalOnMissingBean
        ChatModel cairnChatModel(CairnProperties properties) {
            CairnProperties.Llm.OpenAi openai = properties.llm().openai();
            return OpenAiChatModel.builder()
                    .baseUrl(openai.baseUrl().toString())
                    .apiKey(openai.apiKey() == null ? "none" : openai.apiKey())
                    .modelName(openai.model())
                    .maxTokens(properties.llm().maxTokens())
                    .temperature(0.0)
                    .timeout(openai.timeout())
                    .build();
        }
    }
}
