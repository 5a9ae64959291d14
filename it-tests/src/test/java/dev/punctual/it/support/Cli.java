package dev.punctual.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The punctual command as an operator runs it: java -jar punctual-cli.jar, a process of its own, bounded in time. */
public final class Cli {
    public static final Path JAR = Path.of(System.getProperty("punctual.cli.jar", "../attach-cli/target/punctual-cli.jar")).toAbsolutePath().normalize();
    private static int runs;

    private Cli() {
    }

    public static Jvm.Result run(String... args) throws IOException, InterruptedException {
        return runAs(List.of(), args);
    }

    /** @param prefix a command that runs the java command, e.g. setpriv to run it as another user */
    public static synchronized Jvm.Result runAs(List<String> prefix, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Jvm.java());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        Files.createDirectories(Jvm.OUTPUT);
        String name = "cli-" + (++runs) + "-" + args[0];
        Path out = Jvm.OUTPUT.resolve(name + ".out");
        Path err = Jvm.OUTPUT.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("PUNCTUAL_") || k.startsWith("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        Files.writeString(Jvm.OUTPUT.resolve(name + ".cmd"), String.join(" ", command) + "\n");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("punctual " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new Jvm.Result(p.exitValue(), Files.readString(out), Files.readString(err));
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
