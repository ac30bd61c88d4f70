package dev.cairn.cli;

import dev.cairn.gguf.GgufFile;
import dev.cairn.jinja.ChatTemplate;
import dev.cairn.llm.ChatFormat;
import dev.cairn.tokenizers.Tokenizer;
import dev.cairn.tokenizers.Tokenizers;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cairn template (--model M.gguf | --template FILE.jinja) --input CASE.json}: prints exactly what the chat
 * template renders (no newline added) for a JSON object with {@code messages}, optional {@code tools},
 * {@code add_generation_prompt}, {@code bos_token} and {@code eos_token}; the latter two default to the model's
 * tokens with {@code --model}. Keys {@code case}, {@code expected} and {@code error} (of the fixture cases) are ignored.
 */
@Command(name = "template", mixinStandardHelpOptions = true,
        description = "Render a chat template (a model's own, or a .jinja file) for the conversation in a JSON file.")
final class TemplateCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "A .gguf model: its tokenizer.chat_template.")
        Path model;

        @Option(names = {"-t", "--template"}, required = true, paramLabel = "FILE", description = "A Jinja chat template file.")
        Path template;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "JSON",
            description = "An object with messages, and optionally tools, add_generation_prompt, bos_token, eos_token.")
    Path input;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws IOException {
        Map<String, Object> context = new LinkedHashMap<>(new ObjectMapper().readValue(readText(input), Map.class));
        context.remove("case");
        context.remove("expected");
        context.remove("error");
        context.putIfAbsent("add_generation_prompt", false);
        String template;
        if (source.template != null) {
            template = readText(source.template);
            context.putIfAbsent("bos_token", "");
            context.putIfAbsent("eos_token", "");
        } else {
            try (GgufFile gguf = GgufFile.open(source.model)) {
                template = gguf.metadata().findString("tokenizer.chat_template").orElse(null);
                Tokenizer t = Tokenizers.fromGguf(gguf.metadata());
                context.putIfAbsent("bos_token", t.specialIds().bos() >= 0 ? t.piece(t.specialIds().bos()) : "");
                context.putIfAbsent("eos_token", t.specialIds().eos() >= 0 ? t.piece(t.specialIds().eos()) : "");
            }
            if (template == null) {
                spec.commandLine().getErr().println("cairn template: " + source.model.getFileName() + " has no chat template; using ChatML");
                template = ChatFormat.FALLBACK;
            }
        }
        String rendered = ChatTemplate.compile(template).render(context);
        PrintWriter out = spec.commandLine().getOut();
        out.print(rendered);
        out.flush();
        return 0;
    }

    private static String readText(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
