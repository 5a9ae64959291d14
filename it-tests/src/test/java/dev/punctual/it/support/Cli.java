package dev.punctual.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The punctual command as an operator runs it: java -jar punctual-cli.jar as the build made it, a
 * process of its own, bounded in time, its outputs kept under target/it-output.
 */
public final class Cli {
    public static final Path JAR = Path.of(System.getProperty("punctual.cli.jar", "../attach-cli/target/punctual-cli.jar"))
            .toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static int runs;

    private Cli() {
    }

    /** The command line that runs punctual with this JDK: for a terminal, or a process of one's own. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Jvm.java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    public static Jvm.Result run(String... args) throws IOException, InterruptedException {
        return runAs(List.of(), args);
    }

    /** @param prefix a command that runs the java command, e.g. setpriv to run it as another user */
    public static Jvm.Result runAs(List<String> prefix, String... args) throws IOException, InterruptedException {
        return run(nextName(args[0]), TIMEOUT, prefix, args);
    }

    /** Runs punctual to its end, bounded by {@code timeout}, its outputs named {@code name}. */
    public static Jvm.Result run(String name, Duration timeout, String... args) throws IOException, InterruptedException {
        return run(name, timeout, List.of(), args);
    }

    private static synchronized String nextName(String command) {
        return "cli-" + (++runs) + "-" + command;
    }

    private static Jvm.Result run(String name, Duration timeout, List<String> prefix, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(command(args));
        Path out = Jvm.file(name + ".out");
        Path err = Jvm.file(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("PUNCTUAL_") || k.startsWith("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        Files.writeString(Jvm.OUTPUT.resolve(name + ".cmd"), String.join(" ", command) + "\n");
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("punctual " + String.join(" ", args) + " did not finish within " + timeout);
        }
        return Jvm.Result.of(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The one-line error contract: a non-zero exit, one line on stderr, prefixed, and no stack trace. */
    public static String assertOneLineError(Jvm.Result r, int exitCode) {
        r.assertExitCode(exitCode);
        List<String> lines = r.stderrLines();
        if (lines.size() != 1 || !lines.get(0).startsWith("punctual: ") || r.stderr.contains("\tat ")) {
            throw new AssertionError("expected one line 'punctual: ...' on stderr, got:\n" + r);
        }
        return lines.get(0);
    }
}
