package dev.punctual.it.cli;

import dev.punctual.it.support.Cli;
import dev.punctual.it.support.Jvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way of giving the punctual command something it cannot use: one line on stderr, a non-zero
 * exit, no stack trace, and nothing left half-done in the target.
 */
class CliBadInputTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    private long ticker(String name, String... jvmOptions) throws Exception {
        Jvm.Started t = Jvm.named(name).option(jvmOptions).ticker("--period", "1ms", "--duration", "60s")
                .timeout(Duration.ofSeconds(90)).start();
        started.add(t.process);
        return CliCommandsTest.startTicker(t);
    }

    @Test
    void pidsThatCannotBeAttachedTo() throws Exception {
        assertTrue(Cli.assertOneLineError(Cli.run("status", "999999999"), 1).contains("no process with pid 999999999"));

        Process sleep = new ProcessBuilder("sleep", "60").start();
        started.add(sleep);
        for (String command : new String[] {"attach", "status", "detach", "probe"}) {
            String line = Cli.assertOneLineError(Cli.run(command, Long.toString(sleep.pid())), 1);
            assertTrue(line.contains("process " + sleep.pid() + " is not a Java VM"), line);
        }

        long disabled = ticker("cli-attach-disabled", "-XX:+DisableAttachMechanism");
        String line = Cli.assertOneLineError(Cli.run("attach", Long.toString(disabled)), 1);
        assertTrue(line.contains("has attach disabled (-XX:+DisableAttachMechanism)"), line);
        assertFalse(CliCommandsTest.row(Cli.run("list").assertExitCode(0).stdout + "\n" + disabled + " x", disabled).contains("ticker"),
                "list leaves out a JVM it may not attach to");

        // Another user's JVM: the command runs as nobody, the ticker as this (root) user.
        long mine = ticker("cli-other-user");
        Jvm.Result asNobody = Cli.runAs(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"),
                "status", Long.toString(mine));
        line = Cli.assertOneLineError(asNobody, 1);
        assertTrue(line.contains("belongs to user " + System.getProperty("user.name")), line);
    }

    @Test
    void badSettingsLeaveTheTargetUntouched() throws Exception {
        long pid = ticker("cli-bad-settings");
        String line = Cli.assertOneLineError(Cli.run("attach", Long.toString(pid), "timers.lag.treshold=2ms"), 2);
        assertTrue(line.contains("unknown setting punctual.timers.lag.treshold=2ms") && line.contains("did you mean punctual.timers.lag.threshold"), line);
        line = Cli.assertOneLineError(Cli.run("attach", Long.toString(pid), "http.timeout=soon"), 2);
        assertTrue(line.contains("punctual.http.timeout=soon") && line.contains("not a duration"), line);
        line = Cli.assertOneLineError(Cli.run("attach", Long.toString(pid), "mode"), 2);
        assertTrue(line.contains("'mode' is not a setting: expected key=value"), line);
        assertTrue(CliCommandsTest.row(Cli.run("list").assertExitCode(0).stdout, pid).matches(pid + "\\s+\\S+\\s+-\\s+.*"),
                "Punctual was not loaded by a refused attach");
        line = Cli.assertOneLineError(Cli.run("status", Long.toString(pid)), 1);
        assertTrue(line.contains("Punctual is not loaded in process " + pid), line);
    }

    @Test
    void badCommandLines() throws Exception {
        assertTrue(Cli.assertOneLineError(Cli.run("status", "abc"), 2).contains("'abc'"));
        assertTrue(Cli.assertOneLineError(Cli.run("frobnicate"), 2).contains("frobnicate"));
        assertTrue(Cli.assertOneLineError(Cli.run("probe", "1", "--period", "10us"), 2).contains("below 50us"));
        assertTrue(Cli.assertOneLineError(Cli.run("probe", "1", "--duration", "forever"), 2).contains("forever"));
        assertTrue(Cli.assertOneLineError(Cli.run("record", "1"), 2).contains("--out"));
        Jvm.Result help = Cli.run("--help").assertExitCode(0);
        for (String command : new String[] {"list", "attach", "status", "detach", "record", "probe"}) {
            assertTrue(help.stdout.contains("  " + command + " "), command + " in\n" + help.stdout);
        }
        assertTrue(Cli.run("generate-completion").assertExitCode(0).stdout.contains("complete -F"), "bash completion");
    }

    @Test
    void recordingsThatCannotBeWritten() throws Exception {
        long pid = ticker("cli-record-bad-out");
        Path dir = Files.createDirectories(Jvm.OUTPUT.resolve("cli-a-directory"));
        String line = Cli.assertOneLineError(Cli.run("record", Long.toString(pid), "--out", dir.toString()), 2);
        assertTrue(line.contains("is a directory"), line);
        line = Cli.assertOneLineError(Cli.run("record", Long.toString(pid), "--out", "/no/such/dir/x.jfr"), 2);
        assertTrue(line.contains("no directory /no/such/dir"), line);
        Path file = Files.writeString(Jvm.OUTPUT.resolve("cli-a-file"), "x");
        line = Cli.assertOneLineError(Cli.run("record", Long.toString(pid), "--out", file.resolve("x.jfr").toString()), 2);
        assertTrue(line.contains("no directory"), line);
        // The checks come before the target is touched: no recording was started in it.
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "JFR.check").redirectErrorStream(true).start();
        assertTrue(jcmd.waitFor(30, TimeUnit.SECONDS));
        String check = new String(jcmd.getInputStream().readAllBytes());
        assertFalse(check.contains("punctual-record"), check);
        assertEquals(0, jcmd.exitValue(), check);
    }
}
