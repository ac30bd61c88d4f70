package dev.cairn.spring;

import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.llm.Model;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.answer.AnswerGenerator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import java.util.Optional;

/**
 * Health indicators for the actuator: {@code cairnIndex} and {@code cairnModel}; off with
 * {@code management.health.cairn.enabled=false}.
 */
@AutoConfiguration(after = {CairnIndexAutoConfiguration.class, CairnModelAutoConfiguration.class, CairnAnswerAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("cairn")
@EnableConfigurationProperties(CairnProperties.class)
public class CairnHealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(RagIndex.class)
    @ConditionalOnMissingBean(name = "cairnIndexHealthIndicator")
    HealthIndicator cairnIndexHealthIndicator(RagIndex index, ObjectProvider<StartupIngest> ingest) {
        return new IndexHealthIndicator(index, Optional.ofNullable(ingest.getIfAvailable()));
    }

    @Bean
    @ConditionalOnBean(EmbeddingService.class)
    @ConditionalOnMissingBean(name = "cairnModelHealthIndicator")
    HealthIndicator cairnModelHealthIndicator(EmbeddingService embeddings, ObjectProvider<Model> model,
                                              ObjectProvider<AnswerGenerator> generator, CairnProperties properties) {
        return new ModelHealthIndicator(embeddings, model.getIfAvailable(), properties.llm().openai(), generator.getIfAvailable());
    }
}
