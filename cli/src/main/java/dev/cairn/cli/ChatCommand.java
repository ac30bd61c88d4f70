package dev.cairn.cli;

import dev.cairn.llm.Generation;
import dev.cairn.llm.GenerationRequest;
import dev.cairn.llm.LlmException;
import dev.cairn.llm.Model;
import dev.cairn.jinja.TemplateException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cairn chat --model M.gguf}: reads user messages from stdin, one per line, and streams the model's answers,
 * the whole conversation rendered with the model's chat template each turn. {@code /exit} or end of input ends it.
 * Works with stdin from a pipe (no prompt is shown then).
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat with a GGUF model on the built-in runtime, using its chat template.",
                "One message per line on stdin; /exit or end of input ends the chat."})
final class ChatCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "A .gguf model.")
    Path model;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message to start the conversation.")
    String system;

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "512", description = "Most tokens per answer. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @CommandLine.Mixin
    SamplingOptions sampling;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        boolean interactive = System.console() != null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Model m = Model.load(model)) {
            m.chatFormat(); // logs a warning when the model has no template
            List<Map<String, Object>> messages = new ArrayList<>();
            if (system != null) messages.add(Map.of("role", "system", "content", system));
            var settings = sampling.settings();
            while (true) {
                if (interactive) {
                    out.print("> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null || line.strip().equals("/exit")) break;
                if (line.isBlank()) continue;
                messages.add(Map.of("role", "user", "content", line));
                try {
                    GenerationRequest request = GenerationRequest.of(m.chatPrompt(messages, List.of()))
                            .withMaxTokens(maxTokens).withSampling(settings.withSeed(settings.seed() + messages.size()));
                    Generation g = m.generate(request, piece -> {
                        out.print(piece);
                        out.flush();
                    });
                    out.println();
                    out.flush();
                    messages.add(Map.of("role", "assistant", "content", g.text().strip()));
                    if (Logging.verbosity() > 0) err.println(GenerateCommand.usage(g));
                } catch (LlmException | TemplateException e) {
                    messages.removeLast();
                    err.println("cairn chat: " + e.getMessage());
                }
            }
        }
        return 0;
    }
}
