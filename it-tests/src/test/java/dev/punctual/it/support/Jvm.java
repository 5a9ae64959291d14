package dev.punctual.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real JVM of the JDK running these tests, started as a child process with its output kept in
 * files under target/it-output, and always bounded in time.
 */
public final class Jvm {
    public static final Path AGENT_JAR = Path.of(System.getProperty("punctual.agent.jar", "../agent/target/punctual-agent.jar")).toAbsolutePath().normalize();
    public static final Path OUTPUT = Path.of(System.getProperty("punctual.it.output", "target/it-output")).toAbsolutePath();

    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> mainAndArgs = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> launcher = new ArrayList<>();
    private final String name;
    private Duration timeout = Duration.ofSeconds(60);

    private Jvm(String name) {
        this.name = name;
    }

    /** @param name names the output files; unique per test */
    public static Jvm named(String name) {
        return new Jvm(name);
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int javaFeatureVersion() {
        return Runtime.version().feature();
    }

    public Jvm agent(String args) {
        jvmOptions.add("-javaagent:" + AGENT_JAR + (args == null || args.isEmpty() ? "" : "=" + args));
        return this;
    }

    /** A command that runs the java command, e.g. taskset to pin it to a CPU. */
    public Jvm launcher(List<String> command) {
        launcher.addAll(command);
        return this;
    }

    public Jvm option(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** A JFR recording from the start, with JFR's default settings, dumped to {@code file} at exit. */
    public Jvm recording(Path file) {
        jvmOptions.add("-XX:StartFlightRecording:settings=default,filename=" + file);
        return this;
    }

    public Jvm env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    public Jvm ticker(String... args) {
        return sampleApp("ticker", args);
    }

    public Jvm heartbeat(String... args) {
        return sampleApp("heartbeat", args);
    }

    /** A sample app's jar, as the build made it: sample-apps/NAME/target/NAME.jar. */
    public Jvm sampleApp(String name, String... args) {
        mainAndArgs.add("-jar");
        mainAndArgs.add(sampleJar(name).toString());
        mainAndArgs.addAll(List.of(args));
        return this;
    }

    public static Path sampleJar(String name) {
        return Path.of(System.getProperty("punctual." + name + ".jar", "../sample-apps/" + name + "/target/" + name + ".jar"))
                .toAbsolutePath().normalize();
    }

    /** A main class on a class path of its own. */
    public Jvm classPath(String classPath, String mainClass, String... args) {
        mainAndArgs.add("-cp");
        mainAndArgs.add(classPath);
        mainAndArgs.add(mainClass);
        mainAndArgs.addAll(List.of(args));
        return this;
    }

    /** A main class from these tests' own classes. */
    public Jvm main(Class<?> mainClass, String... args) {
        mainAndArgs.add("-cp");
        mainAndArgs.add(System.getProperty("java.class.path"));
        mainAndArgs.add(mainClass.getName());
        mainAndArgs.addAll(List.of(args));
        return this;
    }

    public Jvm timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public static Path file(String name) throws IOException {
        Files.createDirectories(OUTPUT);
        Path p = OUTPUT.resolve(name);
        Files.deleteIfExists(p);
        return p;
    }

    public Started start() throws IOException {
        Files.createDirectories(OUTPUT);
        List<String> command = new ArrayList<>(launcher);
        command.add(java());
        // Quiet JFR's start-up lines: they go to stdout, and tests compare stdout.
        command.add("-Xlog:jfr+startup=off");
        // Verify every class, the JDK's included (by default only JDK 25 verifies a retransformed JDK
        // class): woven bytecode that a verifier would reject must fail here, on both JDKs.
        command.add("-Xverify:all");
        command.addAll(OtherAgent.around(jvmOptions));
        command.addAll(mainAndArgs);
        Path out = OUTPUT.resolve(name + ".out");
        Path err = OUTPUT.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // OTEL_ too: a developer's OpenTelemetry settings must not change the coexistence tests.
        pb.environment().keySet().removeIf(k -> k.startsWith("PUNCTUAL_") || k.startsWith("OTEL_") || k.startsWith("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        pb.environment().putAll(environment);
        Files.writeString(OUTPUT.resolve(name + ".cmd"), String.join(" ", command) + "\n");
        // Beside another agent every JVM also pays that agent's start-up, a few seconds each, and more when
        // a test starts many at once (ConfigFaultsTest starts 17): the same allowance as a first line's.
        return new Started(pb.start(), out, err, timeout.plus(OtherAgent.startAllowance()));
    }

    public Result run() throws IOException, InterruptedException {
        return start().await();
    }

    /** A JVM that is running. */
    public static final class Started {
        public final Process process;
        private final Path out;
        private final Path err;
        private final Duration timeout;

        Started(Process process, Path out, Path err, Duration timeout) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.timeout = timeout;
        }

        /** What the JVM has written to stderr so far. */
        public String stderrSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Waits (bounded) until stdout has a line starting with {@code prefix}; returns that line. */
        public String awaitLine(String prefix, Duration limit) throws IOException, InterruptedException {
            return awaitLine(out, prefix, limit);
        }

        /** Waits (bounded) until stderr has a line starting with {@code prefix}; returns that line. */
        public String awaitErrLine(String prefix, Duration limit) throws IOException, InterruptedException {
            return awaitLine(err, prefix, limit);
        }

        private String awaitLine(Path out, String prefix, Duration limit) throws IOException, InterruptedException {
            limit = limit.plus(OtherAgent.startAllowance());
            long end = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < end) {
                for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no line starting with '" + prefix + "' in " + out + " within " + limit
                    + "; stderr: " + Files.readString(err));
        }

        public Result await() throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("JVM did not finish within " + timeout + "; see " + out + " and " + err);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    /** How a JVM ended. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public static Result of(int exitCode, String stdout, String stderr) {
            return new Result(exitCode, stdout, stderr);
        }

        public List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        }

        public Result assertExitCode(int expected) {
            if (exitCode != expected) {
                throw new AssertionError("exit code " + exitCode + ", expected " + expected + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
