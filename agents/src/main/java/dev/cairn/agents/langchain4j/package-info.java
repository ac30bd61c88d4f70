/**
 * LangChain4j both ways: {@link dev.cairn.agents.langchain4j.LangChain4jChatModel} puts any LangChain4j
 * {@code ChatModel} in a Cairn agent; {@link dev.cairn.agents.langchain4j.CairnChatModel} and
 * {@link dev.cairn.agents.langchain4j.CairnStreamingChatModel} expose a Cairn model (the local runtime) as
 * LangChain4j's {@code ChatModel} and {@code StreamingChatModel}.
 */
package dev.cairn.agents.langchain4j;
