package dev.punctual.it.cli;

import dev.punctual.it.support.Bytecode;
import dev.punctual.it.support.Cli;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The punctual command against a ticker sample app that started without the agent: list finds it,
 * attach makes events flow, status counts, record writes a recording, detach gives the original
 * bytecode back and stops the events, and a second attach works again.
 */
class CliCommandsTest {
    static final String TASK_CLASS = "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask";
    private Jvm.Started ticker;

    @AfterEach
    void stop() {
        if (ticker != null) {
            ticker.process.destroyForcibly();
        }
    }

    static long startTicker(Jvm.Started started) throws Exception {
        String line = started.awaitLine("ticker: pid ", Duration.ofSeconds(20));
        started.awaitLine("ticker: period", Duration.ofSeconds(20));
        return Long.parseLong(line.substring("ticker: pid ".length()).trim());
    }

    @Test
    void listAttachStatusRecordDetach() throws Exception {
        ticker = Jvm.named("cli-ticker").ticker("--period", "1ms", "--duration", "120s").timeout(Duration.ofSeconds(150)).start();
        long pid = startTicker(ticker);

        String listed = row(Cli.run("list").assertExitCode(0).stdout, pid);
        assertTrue(listed.contains("ticker.jar") && listed.matches(pid + "\\s+\\S+\\s+-\\s+.*"), "listed without Punctual: " + listed);

        String original = Bytecode.hash(pid, TASK_CLASS);
        Jvm.Result attached = Cli.run("attach", Long.toString(pid), "timers.lag.threshold=0", "timers.summary.interval=1s")
                .assertExitCode(0);
        assertTrue(attached.stdout.startsWith("attached to " + pid + ": Punctual "), attached.toString());
        assertTrue(Pattern.compile("measuring now: .*timers: ScheduledThreadPoolExecutor").matcher(attached.stdout).find(), attached.toString());
        assertTrue(attached.stdout.contains("default deadlines:   HTTP request/read 30s, connect 10s; gRPC 30s"), attached.toString());
        assertNotEquals(original, Bytecode.hash(pid, TASK_CLASS), "the attach wove the task class");
        assertTrue(row(Cli.run("list").assertExitCode(0).stdout, pid).contains(" enforce "), "list sees Punctual");

        Thread.sleep(2500); // two summary intervals
        String first = Cli.run("status", Long.toString(pid)).assertExitCode(0).stdout;
        Thread.sleep(1500);
        String second = Cli.run("status", Long.toString(pid)).assertExitCode(0).stdout;
        long before = counter(first, "timer executions");
        long after = counter(second, "timer executions");
        assertTrue(before > 1000 && after > before + 1000, "executions grow by about one a millisecond: " + before + " then " + after);
        assertTrue(Pattern.compile("punctual.timers.lag.threshold\\s+0\\S*\\s+agent arguments").matcher(second).find(), second);
        assertTrue(Pattern.compile("punctual.mode\\s+enforce\\s+default").matcher(second).find(), second);
        assertTrue(Pattern.compile("timers: ScheduledThreadPoolExecutor\\s+active").matcher(second).find(), second);
        assertTrue(Pattern.compile("ScheduledThreadPoolExecutor\\s+pool-1\\s+\\d{3,4}\\s").matcher(second).find(),
                "pool-1 among the worst schedulers with about 1000 executions a second:\n" + second);

        Path jfr = Jvm.file("cli-record.jfr");
        Jvm.Result recorded = Cli.run("record", Long.toString(pid), "--duration", "3s", "--out", jfr.toString()).assertExitCode(0);
        List<RecordedEvent> lags = Recording.read(jfr).events("punctual.TimerLag");
        assertTrue(lags.size() > 2000, "threshold 0: every tick of 3 s is in the recording: " + lags.size());
        long punctualEvents = Recording.read(jfr).count("punctual.");
        assertTrue(recorded.stdout.contains(punctualEvents + " Punctual events"), recorded + " vs " + punctualEvents);
        assertTrue(Recording.read(jfr).events("jdk.CPULoad").size() > 0, "JFR's default settings are in too");

        Jvm.Result detached = Cli.run("detach", Long.toString(pid)).assertExitCode(0);
        assertTrue(detached.stdout.startsWith("detached from " + pid + ": restored "), detached.toString());
        assertEquals(original, Bytecode.hash(pid, TASK_CLASS), "detach gave the original bytecode back");
        assertTrue(Cli.assertOneLineError(Cli.run("status", Long.toString(pid)), 1).contains("not loaded"));
        assertTrue(row(Cli.run("list").assertExitCode(0).stdout, pid).matches(pid + "\\s+\\S+\\s+-\\s+.*"), "list: gone");

        Path afterDetach = Jvm.file("cli-record-after-detach.jfr");
        Cli.run("record", Long.toString(pid), "--duration", "2s", "--out", afterDetach.toString()).assertExitCode(0);
        assertEquals(0, Recording.read(afterDetach).events("punctual.TimerLag").size(), "no events after the detach");
        assertTrue(Recording.read(afterDetach).events("jdk.CPULoad").size() > 0, "the recording itself worked");

        // Attached again after a detach: starts afresh, from its own settings alone.
        Cli.run("attach", Long.toString(pid), "timers.summary.interval=1s").assertExitCode(0);
        Thread.sleep(2500);
        String again = Cli.run("status", Long.toString(pid)).assertExitCode(0).stdout;
        assertTrue(Pattern.compile("punctual.timers.lag.threshold\\s+1ms\\s+default").matcher(again).find(), again);
        assertTrue(counter(again, "timer executions") > 1000, again);
        assertTrue(ticker.process.isAlive(), "the ticker ran on throughout");
    }

    @Test
    void attachingAgainChangesOnlyTheSettingsNamed() throws Exception {
        ticker = Jvm.named("cli-reattach").ticker("--period", "1ms", "--duration", "60s").timeout(Duration.ofSeconds(90)).start();
        long pid = startTicker(ticker);
        Cli.run("attach", Long.toString(pid), "mode=observe").assertExitCode(0);
        Jvm.Result changed = Cli.run("attach", Long.toString(pid), "http.timeout=2s").assertExitCode(0);
        assertTrue(changed.stdout.startsWith("settings changed in " + pid), changed.toString());
        String status = Cli.run("status", Long.toString(pid)).assertExitCode(0).stdout;
        assertTrue(Pattern.compile("punctual.mode\\s+observe\\s+agent arguments").matcher(status).find(), status);
        assertTrue(Pattern.compile("punctual.http.timeout\\s+2s\\s+agent arguments").matcher(status).find(), status);
        assertTrue(status.startsWith("Punctual ") && status.contains(", observe mode"), status);
    }

    @Test
    void statusOfAnAgentStartedWithJavaagent() throws Exception {
        ticker = Jvm.named("cli-javaagent").agent("mode=observe").ticker("--period", "1ms", "--duration", "60s")
                .timeout(Duration.ofSeconds(90)).start();
        long pid = startTicker(ticker);
        assertTrue(row(Cli.run("list").assertExitCode(0).stdout, pid).contains(" observe "));
        String status = Cli.run("status", Long.toString(pid)).assertExitCode(0).stdout;
        assertTrue(Pattern.compile("punctual.mode\\s+observe\\s+agent arguments").matcher(status).find(), status);
        // The MBean came with the platform MBean server that status made the JVM start: no agent was
        // loaded again, which JDK 21 and later would report on the application's stderr.
        assertEquals("", ticker.stderrSoFar(), "the application's stderr after status");
        Cli.run("detach", Long.toString(pid)).assertExitCode(0);
        assertTrue(Cli.assertOneLineError(Cli.run("status", Long.toString(pid)), 1).contains("not loaded"));
    }

    @Test
    void detachStopsEveryThreadAndClosesTheMetricsPort() throws Exception {
        ticker = Jvm.named("cli-detach-threads").ticker("--period", "1ms", "--duration", "60s").timeout(Duration.ofSeconds(90)).start();
        long pid = startTicker(ticker);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Cli.run("attach", Long.toString(pid), "metrics.exporter=prometheus", "prometheus.port=" + port,
                "timers.summary.interval=1s").assertExitCode(0);
        assertTrue(await(() -> accepts(port), 20), "the Prometheus endpoint opens on " + port);
        assertTrue(await(() -> threads(pid).contains("\"punctual-timer-summary\""), 10), threads(pid));

        Cli.run("detach", Long.toString(pid)).assertExitCode(0);
        assertTrue(await(() -> !accepts(port), 10), "the Prometheus port is closed after the detach");
        // The exporter's HTTP server ran its dispatcher on a thread of the JDK's naming.
        assertTrue(await(() -> !threads(pid).contains("\"punctual-") && !threads(pid).contains("\"HTTP-Dispatcher\""), 10),
                "no thread of the agent is left:\n" + threads(pid));
        assertTrue(ticker.process.isAlive());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The target's threads, as jcmd prints them. */
    private static String threads(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    static String row(String listing, long pid) {
        for (String line : listing.split("\n")) {
            if (line.startsWith(pid + " ")) {
                return line;
            }
        }
        throw new AssertionError("pid " + pid + " not listed:\n" + listing);
    }

    static long counter(String status, String name) {
        Matcher m = Pattern.compile("\\n  " + Pattern.quote(name) + "\\s+(\\d+)").matcher(status);
        assertTrue(m.find(), name + " in:\n" + status);
        return Long.parseLong(m.group(1));
    }
}
