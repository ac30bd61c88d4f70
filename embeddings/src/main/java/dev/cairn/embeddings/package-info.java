/**
 * Text embeddings on ONNX Runtime, in process.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (OnnxEmbeddingService embedder = OnnxEmbeddingService.load("bge-small-en-v1.5")) { // or a model directory
 *     List<float[]> passages = embedder.embedPassages(chunks);
 *     float[] query = embedder.embedQuery("how do I ...?");
 *     EmbeddingStats stats = embedder.stats();
 * }
 * EmbeddingModel forLangChain4j = new LangChain4jEmbeddingModel(embedder);
 * }</pre>
 * {@link dev.cairn.embeddings.OnnxEmbeddingService#builder()} overrides pooling, normalization, maximum sequence
 * length, prefixes, threads and batch limits. Built-in models ({@link dev.cairn.embeddings.BuiltInModel}) come from
 * the classpath; nothing is downloaded.
 *
 * <h2>Behaviour, and how it compares with LangChain4j's in-process models (1.20.0-beta30)</h2>
 * <ul>
 *   <li><b>Long texts</b> are truncated to the model's maximum sequence length (special tokens included): 512 for
 *       bge-small-en-v1.5, 128 for all-minilm-l6-v2-q (the truncation its tokenizer.json declares). That is what
 *       LangChain4j really does: its {@code OnnxBertBiEncoder} would split long token lists into 510-token
 *       partitions and average them, but the DJL tokenizer it calls is configured to truncate (its default,
 *       {@code LONGEST_FIRST} at the tokenizer.json's {@code truncation.max_length}, else 512), so it never
 *       sees more than one partition. Truncated texts are counted in {@link dev.cairn.embeddings.EmbeddingStats}.</li>
 *   <li><b>Empty or whitespace-only texts</b> (no tokens) are embedded as the special tokens alone
 *       ({@code [CLS] [SEP]}), as sentence-transformers does, and counted as {@code empty}; LangChain4j throws
 *       {@code IllegalArgumentException("Cannot embed empty or whitespace-only text")}. An empty <em>list</em> is an
 *       {@link dev.cairn.embeddings.EmbeddingException}, as it is an error in LangChain4j.</li>
 *   <li><b>Queries</b>: bge-small-en-v1.5 queries get BGE's instruction "Represent this sentence for searching
 *       relevant passages: ". LangChain4j only recommends it in the model's javadoc and embeds queries exactly like
 *       passages; the {@link dev.cairn.embeddings.LangChain4jEmbeddingModel} adapter does the same unless a request
 *       says {@code inputType(QUERY)}.</li>
 *   <li><b>Batching</b>: texts are sorted by token count and run in batches padded only to their own longest text,
 *       then returned in the caller's order. Models whose results depend on what else is in the batch (dynamically
 *       quantized ones such as all-minilm-l6-v2-q: int8 activation scales are computed over the whole batch) are
 *       detected when they load and run one text at a time, so a vector never depends on its neighbours.</li>
 *   <li><b>Threads</b>: by default as many model runs proceed at once as there are cores, each on one ONNX Runtime
 *       thread, without spinning; small batches (512 padded tokens) keep activations in the caches.</li>
 * </ul>
 */
package dev.cairn.embeddings;
