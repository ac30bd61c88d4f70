package dev.cairn.cli;

import dev.cairn.core.CairnException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The {@code cairn} command. Each subcommand is its own class; register it in {@code subcommands}.
 * Errors a user can act on ({@link CairnException}) print as one line and exit 1; usage errors exit 2.
 */
@Command(name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = Cairn.Version.class,
        description = "Local-first RAG chatbots and tool-using agents.",
        subcommands = {
                CommandLine.HelpCommand.class,
                TokenizeCommand.class,
                EmbedCommand.class,
                BenchCommand.class,
                GenerateCommand.class,
                ChatCommand.class,
                AgentCommand.class,
                TemplateCommand.class,
                QuantizeCommand.class,
                SynthCommand.class,
                IngestCommand.class,
                IndexCommand.class,
                SearchCommand.class,
                AskCommand.class,
                EvalCommand.class,
                McpCommand.class,
                ServeCommand.class,
        })
public final class Cairn implements Runnable {

    @Option(names = {"-v", "--verbose"}, description = "More log output (repeat for debug: -vv).", scope = CommandLine.ScopeType.INHERIT)
    boolean[] verbose = new boolean[0];

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failure, 2 usage error. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Logging.configure(args);
        CommandLine cl = new CommandLine(new Cairn());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("cairn: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof CairnException || ex instanceof java.io.UncheckedIOException
                    || ex instanceof java.io.IOException || ex instanceof IllegalArgumentException) {
                c.getErr().println("cairn " + c.getCommandName() + ": " + ex.getMessage());
                if (Logging.verbosity() > 0) ex.printStackTrace(c.getErr());
                return 1;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cairn.class.getPackage().getImplementationVersion();
            return new String[]{"cairn " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
