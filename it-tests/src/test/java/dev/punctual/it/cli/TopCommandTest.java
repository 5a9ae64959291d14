package dev.punctual.it.cli;

import dev.punctual.it.support.Cli;
import dev.punctual.it.support.DebianPackage;
import dev.punctual.it.support.Jvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * punctual top in a real terminal: a tmux session of a given size running a shell, where the test types
 * the command, reads the screen, presses q or Ctrl-C, and compares the terminal's settings before and
 * after. The target is the ticker sample app with the agent, its summaries every second.
 */
class TopCommandTest {
    private static final Duration FRAME_WAIT = Duration.ofSeconds(40);
    /** Prints the exit code plus 1000: a number the typed command line itself does not show. */
    private static final String EXIT_MARKER = "; echo TOP-EXIT=$((1000 + $?))";
    private static final java.util.regex.Pattern EXITED = java.util.regex.Pattern.compile("TOP-EXIT=\\d");

    static Jvm.Started ticker;
    static long pid;

    @BeforeAll
    static void startTicker() throws Exception {
        ticker = Jvm.named("top-ticker").agent("timers.summary.interval=1s")
                .ticker("--duration", "5m", "--stall", "1s:20ms").start();
        String line = ticker.awaitLine("ticker: pid ", Duration.ofSeconds(20));
        pid = Long.parseLong(line.replaceAll("\\D+", " ").trim().split(" ")[0]);
    }

    @AfterAll
    static void stopTicker() throws Exception {
        if (ticker != null) {
            ticker.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFrameShowsTheSchedulerUpdatesAndQLeavesTheTerminalAsItWas() throws Exception {
        try (Tmux tmux = Tmux.start("top-80", 80, 24)) {
            String before = tmux.stty();
            tmux.type(command() + EXIT_MARKER);
            String first = tmux.await(screen -> screen.contains("pool-1") && screen.contains("STPE"), FRAME_WAIT);
            assertFits(first, 80, 24);
            String header = first.lines().findFirst().orElse("");
            assertTrue(header.startsWith("punctual top  pid " + pid + "  ticker.jar"), first);
            String later = tmux.await(screen -> !screen.lines().findFirst().orElse("").equals(header) && screen.contains("pool-1"), FRAME_WAIT);
            assertFits(later, 80, 24);
            assertEquals("1", tmux.display("#{alternate_on}"), "on the alternate screen while it runs");
            assertEquals("0", tmux.display("#{cursor_flag}"), "the cursor is hidden while it runs");

            tmux.keys("q");
            String after = tmux.await(screen -> EXITED.matcher(screen).find(), Duration.ofSeconds(20));
            assertTrue(after.contains("TOP-EXIT=1000"), "exit code 0: " + after);
            assertEquals(before, tmux.stty(), "stty -a after equals before");
            assertEquals("0", tmux.display("#{alternate_on}"), "back on the main screen");
            assertEquals("1", tmux.display("#{cursor_flag}"), "the cursor is visible again");
        }
    }

    @Test
    void ctrlCLeavesTheTerminalAsItWas() throws Exception {
        try (Tmux tmux = Tmux.start("top-ctrl-c", 80, 24)) {
            String before = tmux.stty();
            tmux.type(command() + EXIT_MARKER);
            tmux.await(screen -> screen.contains("pool-1"), FRAME_WAIT);
            tmux.keys("C-c");
            String after = tmux.await(screen -> EXITED.matcher(screen).find(), Duration.ofSeconds(20));
            assertTrue(after.contains("TOP-EXIT=1000"), "exit code 0: " + after);
            assertEquals(before, tmux.stty());
            assertEquals("1", tmux.display("#{cursor_flag}"));
        }
    }

    @Test
    void aLargerTerminalGetsWiderColumnsAndALongerSparkline() throws Exception {
        try (Tmux tmux = Tmux.start("top-160", 160, 50)) {
            tmux.type(command());
            // A few summaries, so that the sparkline has marks to widen into.
            String screen = tmux.await(s -> s.lines().anyMatch(l -> l.contains("pool-1") && sparkline(l).length() >= 4), FRAME_WAIT);
            assertFits(screen, 160, 50);
            assertEquals(160, screen.lines().findFirst().orElse("").length(), "the header spans the wider screen:\n" + screen);
            String row = screen.lines().filter(l -> l.contains("pool-1")).findFirst().orElseThrow();
            assertTrue(row.indexOf("pool-1") < 20, row);
            tmux.keys("q");
            tmux.await(s -> !s.contains("pool-1"), Duration.ofSeconds(20));
        }
    }

    @Test
    void onceprintsOnePlainFrameThatFits() throws Exception {
        Jvm.Result r = Cli.run("top-once", Duration.ofSeconds(60), "top", "--once", Long.toString(pid));
        r.assertExitCode(0);
        assertEquals("", r.stderr);
        assertFits(r.stdout, 80, 24);
        assertFalse(r.stdout.contains("\033"), "no escape sequence in --once output");
        List<String> row = r.stdout.lines().filter(l -> l.startsWith("STPE  pool-1")).collect(Collectors.toList());
        assertEquals(1, row.size(), r.stdout);
        assertTrue(row.get(0).matches("STPE  pool-1 +\\d+ +\\S+ \\S+ +\\S+ \\S+ +\\S+ \\S+ +\\S+"), row.get(0));
    }

    @Test
    void badTargetsAreOneLine() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Jvm.Result r = Cli.run("top-no-process", Duration.ofSeconds(60), "top", "--once", Long.toString(gone.pid()));
        ReportCommandTest.assertOneLineFailure(r, 1, "punctual: no process with pid " + gone.pid());

        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            r = Cli.run("top-not-a-jvm", Duration.ofSeconds(60), "top", "--once", Long.toString(sleep.pid()));
            ReportCommandTest.assertOneLineFailure(r, 1, "punctual: process " + sleep.pid() + " is not a Java VM");
        } finally {
            sleep.destroyForcibly();
        }

        r = Cli.run("top-no-terminal", Duration.ofSeconds(60), "top", Long.toString(pid));
        ReportCommandTest.assertOneLineFailure(r, 2, "punctual: top needs a terminal");
    }

    private static String command() {
        return String.join(" ", Cli.command("top", Long.toString(pid)));
    }

    private static String sparkline(String row) {
        String[] cells = row.strip().split("\\s{2,}");
        return cells[cells.length - 1];
    }

    private static void assertFits(String screen, int columns, int rows) {
        List<String> lines = screen.stripTrailing().lines().collect(Collectors.toList());
        assertTrue(lines.size() <= rows, lines.size() + " lines:\n" + screen);
        for (String l : lines) {
            assertTrue(l.length() <= columns, "wider than " + columns + ": " + l);
        }
    }

    /** A detached tmux session running a plain shell in a UTF-8 locale. */
    static final class Tmux implements AutoCloseable {
        private final String name;

        private Tmux(String name) {
            this.name = name;
        }

        static Tmux start(String name, int columns, int rows) throws Exception {
            DebianPackage.ensure("tmux", () -> Files.isExecutable(Path.of("/usr/bin/tmux")));
            Tmux t = new Tmux("punctual-" + name + "-" + ProcessHandle.current().pid());
            run("tmux", "kill-session", "-t", t.name);
            String out = run("tmux", "new-session", "-d", "-s", t.name, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                    "env", "LANG=C.UTF-8", "PS1=$ ", "bash", "--norc", "--noprofile");
            assertEquals("", out.strip(), "tmux new-session");
            return t;
        }

        /** The terminal's settings as stty -a sees them from a command typed in the shell. */
        String stty() throws Exception {
            Path file = Jvm.file(name + ".stty");
            Path done = Jvm.file(name + ".stty.done");
            type("stty -a > " + file + "; touch " + done);
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(done)) {
                assertTrue(System.nanoTime() < end, "stty did not run in " + name + ":\n" + capture());
                Thread.sleep(50);
            }
            return Files.readString(file);
        }

        void type(String line) throws Exception {
            run("tmux", "send-keys", "-t", name, "-l", line);
            run("tmux", "send-keys", "-t", name, "Enter");
        }

        void keys(String keys) throws Exception {
            run("tmux", "send-keys", "-t", name, keys);
        }

        String display(String format) throws Exception {
            return run("tmux", "display-message", "-p", "-t", name, format).strip();
        }

        String capture() throws Exception {
            return run("tmux", "capture-pane", "-p", "-t", name);
        }

        String await(Predicate<String> condition, Duration limit) throws Exception {
            long end = System.nanoTime() + limit.toNanos();
            String screen = capture();
            while (!condition.test(screen)) {
                assertTrue(System.nanoTime() < end, "not seen within " + limit + " in " + name + ":\n" + screen);
                Thread.sleep(100);
                screen = capture();
            }
            return screen;
        }

        @Override
        public void close() throws Exception {
            run("tmux", "kill-session", "-t", name);
        }

        private static String run(String... command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish");
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
