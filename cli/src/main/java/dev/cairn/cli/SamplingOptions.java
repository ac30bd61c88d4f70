package dev.cairn.cli;

import dev.cairn.llm.Sampler;
import picocli.CommandLine.Option;

import java.util.concurrent.ThreadLocalRandom;

/** The sampling options of {@code generate} and {@code chat}; defaults are llama.cpp's. */
final class SamplingOptions {
    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8",
            description = "Sampling temperature; 0 picks the most likely token (greedy). Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "40", description = "Keep the K most likely tokens (0: all). Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95", description = "Keep the most likely tokens up to probability P (1: all). Default: ${DEFAULT-VALUE}.")
    float topP;

    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0.05", description = "Drop tokens less than P times as likely as the best. Default: ${DEFAULT-VALUE}.")
    float minP;

    @Option(names = "--repeat-penalty", paramLabel = "X", defaultValue = "1.0", description = "Penalize repeated tokens (1: off). Default: ${DEFAULT-VALUE}.")
    float repeatPenalty;

    @Option(names = "--presence-penalty", paramLabel = "X", defaultValue = "0", description = "Subtracted from tokens already present. Default: ${DEFAULT-VALUE}.")
    float presencePenalty;

    @Option(names = "--frequency-penalty", paramLabel = "X", defaultValue = "0", description = "Subtracted per earlier occurrence. Default: ${DEFAULT-VALUE}.")
    float frequencyPenalty;

    @Option(names = "--repeat-last-n", paramLabel = "N", defaultValue = "64", description = "How many recent tokens the penalties look at. Default: ${DEFAULT-VALUE}.")
    int repeatLastN;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (same seed, same text). Default: random.")
    Long seed;

    Sampler.Settings settings() {
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        return new Sampler.Settings(temperature, topK, topP, minP, repeatPenalty, presencePenalty, frequencyPenalty, repeatLastN, s);
    }
}
