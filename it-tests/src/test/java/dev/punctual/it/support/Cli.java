package dev.punctual.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The punctual command as the build made it (attach-cli/target/punctual-cli.jar), run as a child process. */
public final class Cli {
    public static final Path JAR = Path.of(System.getProperty("punctual.cli.jar", "../attach-cli/target/punctual-cli.jar"))
            .toAbsolutePath().normalize();

    private Cli() {
    }

    /** The command line that runs punctual with this JDK: for a terminal, or a process of one's own. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Jvm.java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs punctual to its end, bounded by {@code timeout}; its outputs kept under target/it-output. */
    public static Jvm.Result run(String name, Duration timeout, String... args) throws IOException, InterruptedException {
        Path out = Jvm.file(name + ".out");
        Path err = Jvm.file(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command(args))
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("PUNCTUAL_") || k.startsWith("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("punctual " + String.join(" ", args) + " did not finish within " + timeout);
        }
        return Jvm.Result.of(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
