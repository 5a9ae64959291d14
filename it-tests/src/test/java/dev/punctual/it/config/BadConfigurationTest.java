package dev.punctual.it.config;

import dev.punctual.it.apps.ScheduledWork;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad setting, from every source: the application's output and exit code stay exactly
 * those of a run without the agent, stderr has one line naming the key and the value, and the rest of
 * the agent still works (events are recorded).
 */
class BadConfigurationTest {
    static Jvm.Result baseline;
    static Path badFile;
    static Path binaryFile;
    static Path hugeFile;
    static Path namedPipe;

    @BeforeAll
    static void runWithoutAgent() throws Exception {
        baseline = Jvm.named("bad-config-baseline").main(ScheduledWork.class).run().assertExitCode(0);
        assertEquals("", baseline.stderr);
        badFile = Jvm.file("bad-config.properties");
        Files.writeString(badFile, "# a comment\ntimers.lag.threshold=-5ms\n");
        binaryFile = Jvm.file("binary-config.properties");
        Files.write(binaryFile, new byte[]{0, 1, 2, (byte) 0xff, '=', 3, '\n'});
        hugeFile = Jvm.file("huge-config.properties");
        Files.writeString(hugeFile, "punctual.timers.lag.threshold=0\n".repeat(70_000)); // 2.2 MB of valid lines
        namedPipe = Jvm.file("config.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", namedPipe.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + namedPipe);
    }

    record Case(String name, UnaryOperator<Jvm> setUp, List<String> mustName) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("unparsable duration in agent arguments",
                        j -> j.agent("timers.lag.threshold=abc"), List.of("punctual.timers.lag.threshold", "abc")),
                new Case("unknown key in agent arguments",
                        j -> j.agent("timers.lag.treshold=5ms"), List.of("punctual.timers.lag.treshold", "5ms")),
                new Case("item without a value in agent arguments",
                        j -> j.agent("threshold"), List.of("threshold")),
                new Case("bad mode as a system property",
                        j -> j.agent("").option("-Dpunctual.mode=sometimes"), List.of("punctual.mode", "sometimes")),
                new Case("unparsable duration as a system property",
                        j -> j.agent("").option("-Dpunctual.timers.summary.interval=soon"), List.of("punctual.timers.summary.interval", "soon")),
                new Case("bad boolean in the environment",
                        j -> j.agent("").env("PUNCTUAL_TIMERS_ENABLED", "yes"), List.of("punctual.timers.enabled", "yes")),
                new Case("unknown key in the environment",
                        j -> j.agent("").env("PUNCTUAL_TIMER_ENABLED", "true"), List.of("PUNCTUAL_TIMER_ENABLED", "true")),
                new Case("config file that does not exist",
                        j -> j.agent("config=/nonexistent/punctual.properties"), List.of("/nonexistent/punctual.properties")),
                new Case("negative duration in the config file",
                        j -> j.agent("").option("-Dpunctual.config=" + badFile), List.of("punctual.timers.lag.threshold", "-5ms", badFile.toString())),
                new Case("binary config file",
                        j -> j.agent("").env("PUNCTUAL_CONFIG", binaryFile.toString()), List.of(binaryFile.toString())),
                new Case("config file over 1 MiB",
                        j -> j.agent("config=" + hugeFile), List.of(hugeFile.toString(), "larger than 1 MiB")),
                // Reading these would never end: a pipe nobody writes to blocks, /dev/zero has no end.
                new Case("config file that is a named pipe",
                        j -> j.agent("config=" + namedPipe), List.of(namedPipe.toString(), "not a regular file")),
                new Case("config file that is a device",
                        j -> j.agent("config=/dev/zero"), List.of("/dev/zero", "not a regular file")),
                new Case("config file that is a directory",
                        j -> j.agent("config=" + Jvm.OUTPUT), List.of(Jvm.OUTPUT.toString(), "not a regular file")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneLineOnStderrAndTheApplicationUnchanged(Case c) throws Exception {
        String name = "bad-config-" + c.name.replaceAll("[^a-z]+", "-");
        Path jfr = Jvm.file(name + ".jfr");
        Jvm.Result r = c.setUp.apply(Jvm.named(name)).recording(jfr).main(ScheduledWork.class).run();
        assertEquals(baseline.exitCode, r.exitCode, r.toString());
        assertEquals(baseline.stdout, r.stdout, "the application's output is unchanged");
        assertEquals(1, r.stderrLines().size(), "exactly one line on stderr:\n" + r.stderr);
        String line = r.stderrLines().get(0);
        assertTrue(line.startsWith("punctual: "), line);
        for (String s : c.mustName) {
            assertTrue(line.contains(s), "the line names " + s + ": " + line);
        }
        assertTrue(!line.contains("Exception") && !line.contains("\tat "), "no stack trace: " + line);
        // The bad setting fell back to its default; everything else still runs.
        assertTrue(Recording.read(jfr).count("punctual.TimerLag") > 0, "the agent still records");
    }
}
