package dev.cairn.cli;

import dev.cairn.tokenizers.Tokenizer;
import dev.cairn.tokenizers.Tokenizers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cairn tokenize --model FILE TEXT}: the ids and pieces of TEXT; {@code --test-file X.inp}: llama.cpp's
 * test-vector format, one line of " id id ..." per test string (no BOS/EOS, special tokens not parsed).
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = {"Tokenize text with the vocabulary of a .gguf model or a tokenizer.json.",
                "Prints one token per line: id, tab, the token's text (quoted, escaped; \\xNN for bytes of a split character;",
                "the piece itself for WordPiece)."})
final class TokenizeCommand implements Callable<Integer> {
    static final String TEST_SEPARATOR = "\n__ggml_vocab_test__\n";

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "A .gguf file or a tokenizer.json.")
    Path model;

    @Option(names = "--test-file", paramLabel = "INP",
            description = "Tokenize each string of a llama.cpp .inp file (separated by __ggml_vocab_test__ lines) and print the ids in the .out format.")
    Path testFile;

    @Option(names = "--json", description = "Print {\"ids\": [...], \"pieces\": [...]} instead.")
    boolean json;

    @Option(names = "--add-special", description = "Add BOS/EOS or the template tokens ([CLS] ... [SEP]) as the tokenizer asks.")
    boolean addSpecial;

    @Option(names = "--parse-special", description = "Recognise special tokens written in the text (e.g. <|eot_id|>).")
    boolean parseSpecial;

    @Parameters(arity = "0..1", paramLabel = "TEXT", description = "The text to tokenize.")
    String text;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((text == null) == (testFile == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either TEXT or --test-file, not both or neither");
        }
        Tokenizer tokenizer = Tokenizers.load(model);
        PrintWriter out = spec.commandLine().getOut();
        if (testFile != null) {
            for (String test : readTests(testFile)) {
                StringBuilder line = new StringBuilder();
                for (int id : tokenizer.encode(test)) line.append(' ').append(id);
                out.println(line);
            }
        } else {
            int[] ids = tokenizer.encode(text, addSpecial, parseSpecial);
            if (json) {
                out.println(toJson(tokenizer, ids));
            } else {
                boolean wordPiece = tokenizer.algorithm() == Tokenizer.Algorithm.WORDPIECE;
                for (int id : ids) {
                    // WordPiece tokens read best as their pieces ("##ing"); others as the text they stand for
                    String shown = wordPiece ? quote(tokenizer.piece(id)) : readable(tokenizer.tokenBytes(id));
                    out.println(id + "\t" + shown);
                }
            }
        }
        out.flush();
        return 0;
    }

    static List<String> readTests(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        List<String> tests = new ArrayList<>(Arrays.asList(content.split(TEST_SEPARATOR, -1)));
        // each string is followed by a separator, so what follows the last one is empty
        if (!tests.isEmpty() && tests.getLast().isEmpty()) tests.removeLast();
        return tests;
    }

    /** The token's text in double quotes with escapes, or its bytes as \xNN when they are not whole UTF-8 characters. */
    static String readable(byte[] bytes) {
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) sb.append(String.format("\\x%02X", b & 0xFF));
            return sb.toString();
        }
        return quote(decoded);
    }

    private static String toJson(Tokenizer tokenizer, int[] ids) {
        StringBuilder sb = new StringBuilder("{\"ids\": [");
        for (int i = 0; i < ids.length; i++) sb.append(i > 0 ? ", " : "").append(ids[i]);
        sb.append("], \"pieces\": [");
        for (int i = 0; i < ids.length; i++) sb.append(i > 0 ? ", " : "").append(quote(tokenizer.piece(ids[i])));
        return sb.append("]}").toString();
    }

    /** A JSON string literal (also readable on a terminal: control characters are escaped). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
