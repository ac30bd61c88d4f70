package dev.cairn.bench;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.tokenizers.Tokenizer;
import dev.cairn.tokenizers.Tokenizers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encode throughput of each tokenizer algorithm on one megabyte (10^6 UTF-8 bytes) of English prose, the
 * SQuAD 2.0 dev paragraphs (../shared/data/squad-v2-dev-cs224n), on one thread. One operation encodes the whole megabyte, so ops/s = MB/s.
 * <ul>
 *   <li>wordpiece: bge-small-en-v1.5's tokenizer.json (from the LangChain4j model jar on the classpath)</li>
 *   <li>bpe-llama3, bpe-gpt2: byte-level BPE, ../shared/fixtures/tokenizers/ggml-vocab-{llama3,gpt-2}.gguf</li>
 *   <li>spm-llama: SentencePiece BPE, ggml-vocab-llama-spm.gguf</li>
 *   <li>unigram: a unigram tokenizer.json built from llama-spm's pieces and scores (no real unigram vocabulary
 *       is available offline), Metaspace pre-tokenizer</li>
 * </ul>
 * The byte-level BPE word cache is warm after the first iteration, as in a long-running service.
 * Paths: -Dcairn.shared=DIR (default ../shared, i.e. run from the repository root).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TokenizerEncodeBench {
    private static final int TEXT_BYTES = 1_000_000;

    @Param({"wordpiece", "bpe-llama3", "bpe-gpt2", "spm-llama", "unigram"})
    public String tokenizer;

    private Tokenizer tok;
    private String text;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path shared = Path.of(System.getProperty("cairn.shared", "../shared"));
        text = prose(shared.resolve("data/squad-v2-dev-cs224n/dev-v2.0.json"));
        Path vocabs = shared.resolve("fixtures/tokenizers");
        tok = switch (tokenizer) {
            case "wordpiece" -> {
                try (InputStream in = TokenizerEncodeBench.class.getResourceAsStream("/bge-small-en-v1.5-tokenizer.json")) {
                    if (in == null) throw new IllegalStateException("bge-small-en-v1.5-tokenizer.json is not on the classpath");
                    yield Tokenizers.fromTokenizerJson(in, "bge-small-en-v1.5-tokenizer.json");
                }
            }
            case "bpe-llama3" -> Tokenizers.fromGguf(vocabs.resolve("ggml-vocab-llama3.gguf"));
            case "bpe-gpt2" -> Tokenizers.fromGguf(vocabs.resolve("ggml-vocab-gpt-2.gguf"));
            case "spm-llama" -> Tokenizers.fromGguf(vocabs.resolve("ggml-vocab-llama-spm.gguf"));
            case "unigram" -> unigramFrom(vocabs.resolve("ggml-vocab-llama-spm.gguf"));
            default -> throw new IllegalArgumentException("unknown tokenizer " + tokenizer);
        };
        System.out.printf("%n%s: %d bytes of prose -> %d tokens%n", tokenizer,
                text.getBytes(StandardCharsets.UTF_8).length, tok.encode(text).length);
    }

    private long operations;
    private long cpuStartNanos;

    @Setup(Level.Iteration)
    public void startCpuClock() {
        operations = 0;
        cpuStartNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * Also prints throughput per CPU second of the benchmark thread: on a shared machine (other processes
     * competing for the cores) wall-clock ops/s understates what one core does.
     */
    @TearDown(Level.Iteration)
    public void printCpuThroughput() {
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStartNanos;
        if (cpu > 0) System.out.printf("  [%s: %.1f MB per CPU-second]%n", tokenizer, operations / (cpu / 1e9));
    }

    @Benchmark
    public int[] encode() {
        operations++;
        return tok.encode(text);
    }

    /**
     * The "context" paragraphs of a SQuAD file joined by blank lines, repeated as needed (the CS224N dev half holds
     * 0.54 MB of them) and cut to TEXT_BYTES UTF-8 bytes.
     */
    static String prose(Path squad) throws IOException {
        String json = Files.readString(squad, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"context\":\\s*\"((?:[^\"\\\\]++|\\\\.)*+)\"").matcher(json);
        StringBuilder sb = new StringBuilder(TEXT_BYTES + 4096);
        int bytes = 0;
        while (bytes < TEXT_BYTES) {
            if (!m.find()) {
                if (bytes == 0) throw new IllegalStateException(squad + " holds no \"context\" paragraphs");
                m.reset();
                continue;
            }
            String paragraph = unescape(m.group(1)) + "\n\n";
            sb.append(paragraph);
            bytes += paragraph.getBytes(StandardCharsets.UTF_8).length;
        }
        // cut back to exactly TEXT_BYTES bytes, on a character boundary
        while (bytes > TEXT_BYTES) {
            int cp = sb.codePointBefore(sb.length());
            bytes -= new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            sb.setLength(sb.length() - Character.charCount(cp));
        }
        return sb.toString();
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    /** A unigram tokenizer.json made from a SentencePiece GGUF's pieces and scores. */
    static Tokenizer unigramFrom(Path gguf) {
        List<String> pieces;
        float[] scores;
        try (GgufFile file = GgufFile.open(gguf)) {
            GgufMetadata meta = file.metadata();
            pieces = meta.getStringArray("tokenizer.ggml.tokens");
            scores = meta.getFloatArray("tokenizer.ggml.scores");
        }
        StringBuilder json = new StringBuilder("{\"model\":{\"type\":\"Unigram\",\"unk_id\":0,\"byte_fallback\":true,\"vocab\":[");
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) json.append(',');
            json.append('[');
            quote(json, pieces.get(i));
            json.append(',').append(scores[i]).append(']');
        }
        json.append("]},\"pre_tokenizer\":{\"type\":\"Metaspace\",\"replacement\":\"\u2581\",\"prepend_scheme\":\"first\",\"split\":true}}");
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        return Tokenizers.fromTokenizerJson(new ByteArrayInputStream(bytes), "unigram-from-" + gguf.getFileName());
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('"');
    }
}
