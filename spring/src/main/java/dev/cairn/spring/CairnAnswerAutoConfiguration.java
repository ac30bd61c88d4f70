package dev.cairn.spring;

import dev.cairn.rag.RagIndex;
import dev.cairn.rag.Retriever;
import dev.cairn.rag.answer.Answerer;
import dev.cairn.rag.answer.AnswerGenerator;
import dev.langchain4j.model.chat.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The retriever over the index ({@code cairn.index.search-mode}, {@code cairn.index.max-per-document}) and the
 * {@link Answerer}: generated answers when there is an {@link AnswerGenerator} (a configured model, or any LangChain4j
 * {@link ChatModel} bean), extractive ones otherwise. Each bean backs off when the application defines its own.
 */
@AutoConfiguration(after = {CairnIndexAutoConfiguration.class, CairnModelAutoConfiguration.class})
@EnableConfigurationProperties(CairnProperties.class)
public class CairnAnswerAutoConfiguration {

    @Bean
    @ConditionalOnBean(ChatModel.class)
    @ConditionalOnMissingBean
    AnswerGenerator cairnChatModelAnswerGenerator(ChatModel chatModel) {
        return chatModel::chat;
    }

    @Bean
    @ConditionalOnBean(RagIndex.class)
    @ConditionalOnMissingBean
    Retriever cairnRetriever(RagIndex index, CairnProperties properties) {
        return index.retriever(properties.index().searchMode(), properties.index().maxPerDocument());
    }

    @Bean
    @ConditionalOnBean(Retriever.class)
    @ConditionalOnMissingBean
    Answerer cairnAnswerer(Retriever retriever, ObjectProvider<AnswerGenerator> generator, CairnProperties properties) {
        return new Answerer(retriever, generator.getIfAvailable(), properties.answer().sources(), properties.answer().sentences());
    }
}
