package dev.punctual.cli;

import dev.punctual.cli.report.ReportCommand;
import dev.punctual.cli.top.TopCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code punctual} command. Each subcommand is a class of its own; this one only wires them and
 * turns every failure into one line on stderr and an exit code: 0 done, 1 could not be done, 2 bad
 * command line.
 */
@Command(name = "punctual",
        mixinStandardHelpOptions = true,
        versionProvider = Punctual.Version.class,
        description = "Measures timer wake-up lag and bounds remote calls in a running JVM.",
        subcommands = {
                ListCommand.class,
                AttachCommand.class,
                StatusCommand.class,
                DetachCommand.class,
                RecordCommand.class,
                ProbeCommand.class,
                ReportCommand.class,
                TopCommand.class,
                AutoComplete.GenerateCompletion.class,
        })
public final class Punctual implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Throwable t) { // a broken jar or JDK: still one line, never a trace
            System.err.println("punctual: cannot run: " + t);
            code = Failure.FAILED;
        }
        System.exit(code);
    }

    /** Runs one command line and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        CommandLine line = new CommandLine(new Punctual());
        line.setParameterExceptionHandler(Punctual::badCommandLine);
        line.setExecutionExceptionHandler(Punctual::failed);
        line.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return line.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }

    private static int badCommandLine(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        err.println("punctual: " + e.getMessage() + " (see: " + command + " --help)");
        err.flush();
        return Failure.USAGE;
    }

    private static int failed(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
        PrintWriter err = line.getErr();
        if (e instanceof Failure) {
            err.println("punctual: " + e.getMessage());
            err.flush();
            return ((Failure) e).exitCode();
        }
        // Not expected: still one line, with what there is to know.
        err.println("punctual: " + line.getCommandName() + " failed: " + e);
        err.flush();
        return Failure.FAILED;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"punctual " + version()};
        }
    }

    public static String version() {
        String v = Punctual.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
