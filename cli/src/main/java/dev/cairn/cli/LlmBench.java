package dev.cairn.cli;

import dev.cairn.llm.Model;
import dev.cairn.llm.Parallel;
import dev.cairn.llm.Session;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The LLM half of {@code cairn bench}, measured as llama-bench measures: a prefill test computes N random prompt
 * tokens in one {@link Session#prompt} on an empty session (pp N), a decode test feeds M tokens one at a time on an
 * empty session, each the most likely after the last (tg M); one unmeasured run of each first, then {@code repeat}
 * measured runs.
 */
final class LlmBench {
    private LlmBench() {}

    record Result(Path model, String type, long fileBytes, int threads, int promptTokens, int genTokens, int repeat,
                  int context, double loadSeconds, double[] prefill, double[] decode, long rssBytes, long peakRssBytes) {

        String toJson() {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            o.put("model", model.toString());
            o.put("type", type);
            o.put("file_bytes", fileBytes);
            o.put("threads", threads);
            o.put("prompt_tokens", promptTokens);
            o.put("gen_tokens", genTokens);
            o.put("repeat", repeat);
            o.put("context", context);
            if (prefill.length > 0) {
                o.put("prefill_tok_s", round(mean(prefill)));
                o.put("prefill_tok_s_sd", round(sd(prefill)));
            }
            if (decode.length > 0) {
                o.put("decode_tok_s", round(mean(decode)));
                o.put("decode_tok_s_sd", round(sd(decode)));
            }
            o.put("load_s", round(loadSeconds));
            o.put("rss_bytes", rssBytes);
            o.put("peak_rss_bytes", peakRssBytes);
            return mapper.writeValueAsString(o);
        }

        String toTable() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "%s: %s, %.1f MB, %d threads, loaded in %.2f s%n", model.getFileName(), type,
                    fileBytes / 1e6, threads, loadSeconds));
            s.append(String.format(Locale.ROOT, "%-8s %18s%n", "test", "tokens/s"));
            if (prefill.length > 0) s.append(String.format(Locale.ROOT, "%-8s %10.2f ± %5.2f%n", "pp" + promptTokens, mean(prefill), sd(prefill)));
            if (decode.length > 0) s.append(String.format(Locale.ROOT, "%-8s %10.2f ± %5.2f%n", "tg" + genTokens, mean(decode), sd(decode)));
            s.append(String.format(Locale.ROOT, "resident set %.1f MB (peak %.1f MB) with a %d-token KV cache", rssBytes / 1e6,
                    peakRssBytes / 1e6, context));
            return s.toString();
        }
    }

    static Result run(Path file, int promptTokens, int genTokens, Integer threads, int repeat, int context) {
        if (threads != null) Parallel.setThreads(threads);
        long start = System.nanoTime();
        try (Model model = Model.load(file)) {
            double load = (System.nanoTime() - start) / 1e9;
            int vocab = model.vocabularySize();
            SplittableRandom random = new SplittableRandom(1234);
            int[] prompt = new int[promptTokens];
            for (int i = 0; i < promptTokens; i++) prompt[i] = random.nextInt(vocab);
            int firstToken = random.nextInt(vocab);
            double[] pp = new double[promptTokens > 0 ? repeat : 0], tg = new double[genTokens > 0 ? repeat : 0];
            for (int run = -1; run < repeat; run++) { // run -1: warm-up
                if (promptTokens > 0) {
                    Session s = model.newSession(context);
                    long t0 = System.nanoTime();
                    s.prompt(prompt);
                    double rate = promptTokens / ((System.nanoTime() - t0) / 1e9);
                    if (run >= 0) pp[run] = rate;
                }
                if (genTokens > 0) {
                    Session s = model.newSession(context);
                    int token = firstToken;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < genTokens; i++) token = argmax(s.next(token));
                    double rate = genTokens / ((System.nanoTime() - t0) / 1e9);
                    if (run >= 0) tg[run] = rate;
                }
            }
            long[] rss = residentSet();
            String type = model.gguf().tensors().stream().filter(t -> t.name().equals("blk.0.ffn_down.weight")
                    || t.name().equals("token_embd.weight")).map(t -> t.type().name()).findFirst().orElse("?");
            return new Result(file, type, fileSize(file), Parallel.threads(), promptTokens, genTokens, repeat, context, load,
                    pp, tg, rss[0], rss[1]);
        }
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** VmRSS and VmHWM of this process in bytes (-1 where /proc is not there). */
    private static long[] residentSet() {
        long[] out = {-1, -1};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) out[0] = kilobytes(line) * 1024;
                if (line.startsWith("VmHWM:")) out[1] = kilobytes(line) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no resident set figures
        }
        return out;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double sd(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
