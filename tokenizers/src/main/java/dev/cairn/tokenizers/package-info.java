/**
 * Cairn's tokenizers, in pure Java: WordPiece (BERT), byte-level BPE (GPT-2, Llama 3, Qwen2, StarCoder, Falcon,
 * DeepSeek), SentencePiece BPE with byte fallback (Llama 2, Mistral, Gemma) and SentencePiece unigram (T5).
 *
 * <p>{@link dev.cairn.tokenizers.Tokenizers} loads a {@link dev.cairn.tokenizers.Tokenizer} from a GGUF file's
 * {@code tokenizer.ggml.*} metadata or from a Hugging Face {@code tokenizer.json}:
 * <pre>{@code
 * Tokenizer tok = Tokenizers.load(Path.of("model.gguf"));        // or a tokenizer.json
 * int[] ids = tok.encode("Hello world");                          // no BOS/EOS, special-token text is plain text
 * int[] prompt = tok.encode("<|begin_of_text|>Hi", false, true);  // parse special tokens
 * int[] bert = tok.addSpecialTokens(Arrays.copyOf(ids, 510));     // [CLS] ... [SEP] after truncating
 * String text = tok.decode(ids);                                  // round-trips encode for BPE and SentencePiece
 * }</pre>
 * Errors in files are {@link dev.cairn.tokenizers.TokenizerException}s naming the file and the problem.
 */
package dev.cairn.tokenizers;
