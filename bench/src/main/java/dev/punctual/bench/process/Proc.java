package dev.punctual.bench.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process of a whole-process benchmark, its output kept in files, every wait bounded. The
 * environment loses what would change a measured JVM behind the benchmark's back.
 */
final class Proc {
    final Process process;
    final Path out;
    final Path err;
    /** System.nanoTime() just before the process was started. */
    final long startedNanos;

    private Proc(Process process, Path out, Path err, long startedNanos) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.startedNanos = startedNanos;
    }

    static Proc start(List<String> command, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Files.writeString(dir.resolve(name + ".cmd"), String.join(" ", command) + "\n");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("PUNCTUAL_") || k.startsWith("OTEL_")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS"));
        long started = System.nanoTime();
        return new Proc(pb.start(), out, err, started);
    }

    /** Waits for the exit; returns System.nanoTime() when it was seen. Fails on a timeout or a non-zero status. */
    long await(Duration limit) throws IOException, InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException(out + ": no exit within " + limit + "; stderr: " + tail(err));
        }
        long ended = System.nanoTime();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(out + ": exit status " + process.exitValue() + "; stderr: " + tail(err));
        }
        return ended;
    }

    /** The first stdout line starting with {@code prefix}, waited for within {@code limit}. */
    String awaitLine(String prefix, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            String line = line(prefix);
            if (line != null) {
                return line;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(out + ": no line starting with '" + prefix + "' within " + limit + "; stderr: " + tail(err));
    }

    String line(String prefix) throws IOException {
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    /** The number after {@code prefix} on stdout, e.g. "rss-kb 51234". */
    long number(String prefix) throws IOException {
        String line = line(prefix + " ");
        if (line == null) {
            throw new IllegalStateException(out + ": no line '" + prefix + " N'");
        }
        return Long.parseLong(line.substring(prefix.length() + 1).trim());
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    static String tail(Path file) throws IOException {
        String s = Files.exists(file) ? Files.readString(file) : "";
        return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
    }
}
