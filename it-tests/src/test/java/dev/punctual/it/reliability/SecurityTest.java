package dev.punctual.it.reliability;

import dev.punctual.it.apps.TerminalEscapes;
import dev.punctual.it.support.Cli;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.OtlpReceiver;
import dev.punctual.it.support.Recording;
import dev.punctual.it.support.Sockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an agent inside someone else's process must never do: open a port nobody asked for, take a
 * setting for code, or let the application's strings drive the operator's terminal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityTest {
    static Jvm.Started escapes;
    static long escapesPid;
    static Path escapesJfr;

    @BeforeAll
    static void startEscapes() throws Exception {
        escapesJfr = Jvm.file("security-escapes.jfr");
        escapes = Jvm.named("security-escapes").agent("timers.summary.interval=1s").recording(escapesJfr)
                .main(TerminalEscapes.class, "30000").timeout(Duration.ofSeconds(90)).start();
        escapesPid = pid(escapes, "pid ");
    }

    @AfterAll
    static void stop() {
        escapes.process.destroyForcibly();
    }

    private static long pid(Jvm.Started jvm, String prefix) throws Exception {
        return Long.parseLong(jvm.awaitLine(prefix, Duration.ofSeconds(30)).substring(prefix.length()).trim());
    }

    /**
     * Before any punctual command reached the JVM: the commands that talk to the agent (attach, status,
     * top, detach) go through the JDK's local JMX connector, which the JDK opens on a port of its own.
     */
    @Test
    @Order(1)
    void noListeningSocketWithoutAnExporterThatListens() throws Exception {
        assertEquals(List.of(), Sockets.listening(escapesPid), "the agent with its defaults listens nowhere");
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            Jvm.Started pushing = Jvm.named("security-otlp").agent("metrics.exporter=otlp,metrics.interval=1s,otlp.endpoint=" + otlp.endpoint())
                    .main(TerminalEscapes.class, "20000").timeout(Duration.ofSeconds(60)).start();
            try {
                long pid = pid(pushing, "pid ");
                otlp.await("punctual.timer.lag", m -> true, Duration.ofSeconds(20));
                assertEquals(List.of(), Sockets.listening(pid), "an OTLP exporter connects out, it does not listen");
            } finally {
                pushing.process.destroyForcibly();
            }
        }
    }

    @Test
    void thePrometheusEndpointListensOnLoopbackOnly() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Jvm.Started scraped = Jvm.named("security-prometheus").agent("metrics.exporter=prometheus,prometheus.port=" + port)
                .main(TerminalEscapes.class, "20000").timeout(Duration.ofSeconds(60)).start();
        try {
            long pid = pid(scraped, "pid ");
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<InetSocketAddress> listening = Sockets.listening(pid);
            while (listening.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(100);
                listening = Sockets.listening(pid);
            }
            assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)), listening,
                    "one socket, on loopback, by default");
        } finally {
            scraped.process.destroyForcibly();
        }
    }

    /**
     * Values that other software evaluates (a JNDI lookup, a shell substitution, format specifiers, an
     * escape sequence and a line break), given as system properties: each is rejected in one line that
     * shows it harmless, or taken as the literal text it is; nothing runs, nothing connects.
     */
    @Test
    void settingsAreDataNeverEvaluated() throws Exception {
        Path marker = Jvm.file("security-marker");
        try (ServerSocket ldap = new ServerSocket(0, 5, InetAddress.getLoopbackAddress()); OtlpReceiver otlp = OtlpReceiver.start()) {
            String jndi = "${jndi:ldap://127.0.0.1:" + ldap.getLocalPort() + "/x}";
            String shell = "$(touch " + marker + ")`touch " + marker + "`";
            Jvm.Started app = Jvm.named("security-settings")
                    .agent("metrics.exporter=otlp,metrics.interval=1s,otlp.endpoint=" + otlp.endpoint())
                    .option("-Dpunctual.otlp.headers=x-jndi=" + jndi,
                            "-Dpunctual.prometheus.host=" + shell,
                            "-Dpunctual.config=" + shell,
                            "-Dpunctual.http.timeout=%n%s%x" + jndi,
                            "-Dpunctual.grpc.timeout=2s\u001b[2J\nFORGED",
                            "-Dotel.service.name=" + jndi)
                    .main(TerminalEscapes.class, "8000").start();
            otlp.await("punctual.timer.lag", m -> true, Duration.ofSeconds(30));
            Jvm.Result r = app.await().assertExitCode(0);
            assertFalse(Files.exists(marker), "no shell ran");
            ldap.setSoTimeout(1);
            try {
                ldap.accept().close();
                throw new AssertionError("something connected to the JNDI address");
            } catch (SocketTimeoutException expected) {
                // nobody connected
            }
            OtlpReceiver.Received export = otlp.received().get(0);
            assertEquals(jndi, export.headers().getFirst("x-jndi"), "the header's value, as it was written");
            assertTrue(export.request().toString().contains(jndi.replace("\"", "\\\"")), "the service name, as it was written");

            List<String> lines = r.stderrLines();
            assertFalse(r.stderr.contains("\tat "), r.stderr);
            assertFalse(r.stderr.contains("\u001b"), "no escape sequence reaches stderr: " + r.stderr);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("FORGED")), "no forged line: " + r.stderr);
            for (String said : List.of("ignoring punctual.prometheus.host=$(touch ", "cannot read config file $(touch ",
                    "ignoring punctual.http.timeout=%n%s%x${jndi:", "ignoring punctual.grpc.timeout=2s?[2J?FORGED ")) {
                assertEquals(1, lines.stream().filter(l -> l.startsWith("punctual: " + said)).count(), said + " in:\n" + r.stderr);
            }
            assertEquals(4, lines.size(), "one line each, nothing else:\n" + r.stderr);
        }
    }

    @Test
    @Order(4)
    void aSettingGivenToTheCommandIsData() throws Exception {
        Path marker = Jvm.file("security-cli-marker");
        for (String value : List.of("prometheus.host=$(touch " + marker + ")", "http.timeout=${jndi:ldap://127.0.0.1:1/x}",
                "http.timeout=%n%s", "grpc.timeout=2s\u001b[2J\nFORGED")) {
            String line = Cli.assertOneLineError(Cli.run("attach", Long.toString(escapesPid), value), 2);
            assertFalse(line.contains("\u001b"), line);
        }
        assertFalse(Files.exists(marker), "no shell ran");
    }

    @Test
    @Order(2)
    void statusPrintsTheApplicationsStringsHarmless() throws Exception {
        Thread.sleep(2500); // two summaries
        assertHarmless(Cli.run("status", Long.toString(escapesPid)).assertExitCode(0).stdout, true);
    }

    @Test
    @Order(3)
    void topPrintsTheApplicationsStringsHarmless() throws Exception {
        assertHarmless(Cli.run("top-escapes", Duration.ofSeconds(60), "top", "--once", Long.toString(escapesPid)).assertExitCode(0).stdout, true);
    }

    @Test
    @Order(Integer.MAX_VALUE) // it waits for the app's end; tests 1 to 4 read it while it runs
    void reportPrintsTheApplicationsStringsHarmless() throws Exception {
        escapes.await().assertExitCode(0);
        assertTrue(Recording.read(escapesJfr).events("punctual.TimerLag").size() > 0);
        assertTrue(Recording.read(escapesJfr).events("punctual.PeriodicTaskDied").size() > 0);
        Jvm.Result report = Cli.run("report-escapes", Duration.ofSeconds(60), "report", escapesJfr.toString()).assertExitCode(0);
        assertHarmless(report.stdout, true);
        assertTrue(report.stdout.contains("boom [31m red FORGED LINE  [0m%n%s${jndi:ldap://127.0.0.1:1/x}"),
                "the message's text, each control character a space:\n" + report.stdout);
    }

    /** No control character but the line breaks, no forged line, and the scheduler's name shown. */
    private static void assertHarmless(String out, boolean showsScheduler) {
        for (char c : out.toCharArray()) {
            if (c != '\n' && (Character.isISOControl(c) || c == '\u202e')) {
                throw new AssertionError("control character U+" + Integer.toHexString(c) + " in:\n" + out);
            }
        }
        assertTrue(out.lines().noneMatch(l -> l.strip().startsWith(TerminalEscapes.FORGED)), "no forged line:\n" + out);
        if (showsScheduler) {
            assertTrue(out.contains("LINE  31m"), "the scheduler (or its end), its control characters spaces:\n" + out);
        }
    }
}
