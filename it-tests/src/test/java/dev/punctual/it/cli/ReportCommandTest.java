package dev.punctual.it.cli;

import dev.punctual.it.apps.HostileNames;
import dev.punctual.it.clock.ClockStepTest;
import dev.punctual.it.support.Chromium;
import dev.punctual.it.support.Cli;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * punctual report against recordings of real runs with the agent: the ticker sample app (a stalled 1 ms
 * tick), the http-client sample app (calls that hang, given default deadlines that pass), and a test app
 * whose scheduler and dying task carry markup in their names, run under libfaketime with a wall clock
 * step. Every figure of the report is computed again here from the same file with jdk.jfr.consumer.
 */
class ReportCommandTest {
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern COLUMNS = Pattern.compile("\\s{2,}");

    static Path tickerJfr;
    static Path httpJfr;
    static Path hostileJfr;

    @BeforeAll
    static void record() throws Exception {
        tickerJfr = Jvm.file("report-ticker.jfr");
        httpJfr = Jvm.file("report-http.jfr");
        hostileJfr = Jvm.file("report-hostile.jfr");
        // Summaries every second: several intervals per scheduler, so that the worst interval is a choice.
        Jvm.Started ticker = Jvm.named("report-ticker").agent("timers.summary.interval=1s").recording(tickerJfr)
                .ticker("--duration", "5s", "--stall", "1s:20ms", "--quiet").start();
        Jvm.Started http = Jvm.named("report-http").agent("http.timeout=300ms,deadlines.summary.interval=1s").recording(httpJfr)
                .sampleApp("http-client", "--calls", "2", "--give-up", "3s").start();
        recordHostileWithClockStep();
        ticker.await().assertExitCode(0);
        http.await().assertExitCode(0);
    }

    /** As ClockStepTest does: libfaketime moves the wall clock an hour forward, the monotonic clock not at all. */
    private static void recordHostileWithClockStep() throws Exception {
        Path offset = Jvm.file("report-hostile.faketimerc");
        Files.writeString(offset, "+0\n");
        Jvm.Started app = Jvm.named("report-hostile").agent("timers.summary.interval=1s")
                .option("-XX:StartFlightRecording:settings=default,jdk.ExecutionSample#enabled=false,"
                        + "jdk.NativeMethodSample#enabled=false,filename=" + hostileJfr)
                .env("LD_PRELOAD", ClockStepTest.libfaketime().toString())
                .env("FAKETIME_TIMESTAMP_FILE", offset.toString())
                .env("FAKETIME_NO_CACHE", "1")
                .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
                .env("FAKETIME_FORCE_MONOTONIC_FIX", "0")
                .timeout(Duration.ofSeconds(60))
                .main(HostileNames.class, "5000").start();
        try {
            app.awaitLine("pid ", Duration.ofSeconds(20));
            Thread.sleep(2_000); // the clock watcher samples about once a second: two samples either side
            Path tmp = offset.resolveSibling("report-hostile.faketimerc.tmp");
            Files.writeString(tmp, "+3600\n");
            Files.move(tmp, offset, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            app.await().assertExitCode(0);
        } finally {
            app.process.destroyForcibly();
        }
    }

    @Test
    void schedulerFiguresAreTheSummariesAddedUp() throws Exception {
        for (Path jfr : List.of(tickerJfr, hostileJfr)) {
            Recording recording = Recording.read(jfr);
            Map<String, List<String>> expected = new TreeMap<>();
            for (RecordedEvent e : recording.events("punctual.TimerLagSummary")) {
                String key = e.getString("timerKind") + " " + e.getString("scheduler");
                List<String> old = expected.get(key);
                long[] sums = old == null ? new long[7] : fromRow(old);
                sums[0] += e.getLong("count");
                sums[1] = Math.max(sums[1], Recording.nanos(e, "lagP50"));
                sums[2] = Math.max(sums[2], Recording.nanos(e, "lagP99"));
                sums[3] = Math.max(sums[3], Recording.nanos(e, "lagP999"));
                sums[4] = Math.max(sums[4], Recording.nanos(e, "lagMax"));
                sums[5]++;
                expected.put(key, toRow(e.getString("timerKind"), e.getString("scheduler"), sums));
            }
            for (RecordedEvent e : recording.events("punctual.TimerLag")) {
                String key = e.getString("timerKind") + " " + e.getString("scheduler");
                long[] sums = fromRow(expected.get(key));
                sums[6]++;
                expected.put(key, toRow(e.getString("timerKind"), e.getString("scheduler"), sums));
            }
            assertFalse(expected.isEmpty(), "the recording has summaries: " + jfr);
            assertTrue(expected.values().stream().anyMatch(r -> Long.parseLong(r.get(7)) >= 3), "several intervals: " + expected);

            String report = report(jfr);
            Map<String, List<String>> actual = new TreeMap<>();
            for (List<String> row : table(report, "  KIND")) {
                actual.put(row.get(0) + " " + row.get(1), row);
            }
            assertEquals(expected, actual, report);
        }
    }

    private static long[] fromRow(List<String> row) {
        return new long[] {Long.parseLong(row.get(2)), nanos(row.get(3)), nanos(row.get(4)), nanos(row.get(5)), nanos(row.get(6)),
                Long.parseLong(row.get(7)), Long.parseLong(row.get(8))};
    }

    private static List<String> toRow(String kind, String scheduler, long[] s) {
        return List.of(kind, scheduler, Long.toString(s[0]), ms(s[1]), ms(s[2]), ms(s[3]), ms(s[4]), Long.toString(s[5]), Long.toString(s[6]));
    }

    /** Back from ms with three decimals: only used to carry the running maxima between events. */
    private static long nanos(String ms) {
        return Math.round(Double.parseDouble(ms) * 1e6);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    @Test
    void worstMomentsAreTheLargestTimerLagEvents() throws Exception {
        Recording recording = Recording.read(tickerJfr);
        List<String> expected = recording.events("punctual.TimerLag").stream()
                .filter(e -> e.getString("scheduler").equals("pool-1"))
                .map(e -> Recording.nanos(e, "lag")).sorted(Comparator.reverseOrder()).limit(5)
                .map(n -> ms(n) + " ms").collect(Collectors.toList());
        assertEquals(5, expected.size(), "the stalls made lag events");
        String report = report(tickerJfr);
        List<String> actual = table(report, null, "  Worst moments of pool-1 (ScheduledThreadPoolExecutor), largest lag first:")
                .stream().map(r -> r.get(1)).collect(Collectors.toList());
        assertEquals(expected, actual, report);
        assertTrue(table(report, null, "  Worst moments of pool-1").stream()
                .allMatch(r -> r.get(2).equals("dev.punctual.sample.ticker.Ticker$Tick")), report);
    }

    @Test
    void deadlineCountsAreTheSummariesAddedUpPerClientAndTarget() throws Exception {
        Recording recording = Recording.read(httpJfr);
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (RecordedEvent e : recording.events("punctual.DeadlineSummary")) {
            long[] s = sums.computeIfAbsent(e.getString("client") + " " + e.getString("target"), k -> new long[3]);
            s[0] += e.getLong("injected");
            s[1] += e.getLong("missing");
            s[2] += e.getLong("exceeded");
        }
        Map<String, List<String>> expected = new TreeMap<>();
        sums.forEach((k, s) -> expected.put(k, List.of(k.substring(0, k.lastIndexOf(' ')), k.substring(k.lastIndexOf(' ') + 1),
                Long.toString(s[0]), Long.toString(s[1]), Long.toString(s[2]))));
        assertEquals(2, expected.size(), "the two HTTP clients' targets: " + expected);
        assertTrue(sums.values().stream().allMatch(s -> s[0] > 0 && s[2] > 0), "deadlines injected and exceeded");

        String report = report(httpJfr);
        Map<String, List<String>> actual = new TreeMap<>();
        for (List<String> row : table(report, "  CLIENT")) {
            actual.put(row.get(0) + " " + row.get(1), row);
        }
        assertEquals(expected, actual, report);
        // The calls are made by the sample app's Calls methods: those are the top call sites.
        assertTrue(report.contains("dev.punctual.sample.http.Calls.send:"), report);
        assertTrue(report.contains("dev.punctual.sample.http.Calls.urlConnection:"), report);
    }

    @Test
    void deathsAndClockStepsAreEveryEvent() throws Exception {
        Recording recording = Recording.read(hostileJfr);
        List<RecordedEvent> deaths = recording.events("punctual.PeriodicTaskDied");
        List<RecordedEvent> steps = recording.events("punctual.ClockStep");
        assertEquals(1, deaths.size(), "one task died");
        assertEquals(1, steps.size(), "one clock step");

        String report = report(hostileJfr);
        assertTrue(report.contains("PERIODIC TASKS THAT DIED (1)"), report);
        List<List<String>> deathRows = table(report, null, "PERIODIC TASKS THAT DIED (1)");
        RecordedEvent d = deaths.get(0);
        assertEquals(List.of(List.of(d.getString("timerKind"), d.getString("scheduler"), d.getString("task"),
                d.getString("exception") + ": " + d.getString("message"))), deathRows.stream().map(r -> r.subList(1, r.size())).collect(Collectors.toList()));
        assertEquals(HostileNames.SCHEDULER, d.getString("scheduler"));

        List<List<String>> stepRows = table(report, null, "CLOCK STEPS (1): how far the wall clock jumped, in ms");
        long stepNanos = steps.get(0).getDuration("step").toNanos();
        assertEquals("+" + ms(stepNanos), stepRows.get(0).get(1), report);
        assertTrue(Math.abs(stepNanos - 3_600_000_000_000L) < 2_000_000_000L, "an hour: " + stepNanos);
    }

    @Test
    void htmlReportsOpenInChromiumWithChartsNoConsoleErrorAndEveryStringAsText() throws Exception {
        for (Path jfr : List.of(hostileJfr, tickerJfr, httpJfr)) {
            String name = jfr.getFileName().toString().replace(".jfr", "");
            Path html = Jvm.file(name + ".html");
            Jvm.Result r = Cli.run(name + "-html", CLI_TIMEOUT, "report", jfr.toString(), "--html", html.toString());
            r.assertExitCode(0);
            Path shot = Path.of("target", name + "-screenshot.png").toAbsolutePath();
            Chromium.Page page = Chromium.open(html, shot);

            assertEquals(List.of(), page.consoleMessages, "console of " + html);
            assertTrue(page.dom.contains("<svg class=\"chart\""), "charts in " + html);
            assertFalse(Pattern.compile("<script", Pattern.CASE_INSENSITIVE).matcher(page.dom.replace("&lt;script", "")).find(),
                    "no script element in " + html);
            byte[] png = Files.readAllBytes(shot);
            assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a screenshot of " + html);
        }
        Chromium.Page hostile = Chromium.open(Jvm.OUTPUT.resolve("report-hostile.html"), null);
        // The scheduler's name, and the task's message, are in the page as text, escaped once.
        assertTrue(hostile.dom.contains("<td>xss&lt;script&gt;punctualXss()&lt;/script&gt;</td>"), hostile.dom);
        assertTrue(hostile.dom.contains("&lt;script&gt;punctualXss()&lt;/script&gt;&lt;img src=x onerror=punctualXss()&gt; &amp; \"quoted\""),
                hostile.dom);
        assertFalse(hostile.dom.contains("<img"), "no image element");
        long charts = Pattern.compile("<svg class=\"chart\"").matcher(hostile.dom).results().count();
        assertEquals(2, charts, "lag over time and the histogram of the one scheduler");
        String http = Chromium.open(Jvm.OUTPUT.resolve("report-http.html"), null).dom;
        assertTrue(http.contains("Deadline events over time"), "the deadlines chart");
    }

    @Test
    void theConsoleCheckSeesAnErrorInAPage() throws Exception {
        Path bad = Jvm.file("deliberate-error.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><p>x</p><script>notDefinedAnywhere();</script></body></html>");
        Chromium.Page page = Chromium.open(bad, null);
        assertEquals(1, page.consoleMessages.size(), "one error: " + page.consoleMessages);
        assertTrue(page.consoleMessages.get(0).contains("notDefinedAnywhere is not defined"), page.consoleMessages.toString());
    }

    @Test
    void aFileThatIsNotAReadableRecordingIsOneLineAndExitCode2() throws Exception {
        byte[] real = Files.readAllBytes(tickerJfr);
        Path empty = write("bad-empty.jfr", new byte[0]);
        Path truncated = write("bad-truncated.jfr", java.util.Arrays.copyOf(real, real.length * 2 / 3));
        byte[] noise = new byte[50_000];
        new Random(42).nextBytes(noise);
        Path random = write("bad-random.jfr", noise);
        Path text = write("bad-text.jfr", "not a recording\n".repeat(100).getBytes(StandardCharsets.UTF_8));
        Path missing = Jvm.file("bad-missing.jfr");
        Path directory = Files.createDirectories(Jvm.OUTPUT.resolve("bad-directory.jfr"));
        Map<Path, String> cases = new LinkedHashMap<>();
        cases.put(empty, "not a complete JFR recording");
        cases.put(truncated, "not a complete JFR recording");
        cases.put(random, "not a complete JFR recording");
        cases.put(text, "not a complete JFR recording");
        cases.put(missing, "no such file");
        cases.put(directory, "is a directory");
        Path out = Jvm.file("bad-input.html");
        Files.writeString(out, "the previous report");
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            Jvm.Result r = Cli.run("bad-" + c.getKey().getFileName(), CLI_TIMEOUT, "report", c.getKey().toString(), "--html", out.toString());
            assertOneLineFailure(r, 2, "punctual: " + c.getKey() + ": " + c.getValue());
            assertEquals("the previous report", Files.readString(out), "the output is untouched");
        }
        assertNoLeftovers();
    }

    @Test
    void anOutputPathThatCannotBeWrittenIsOneLineAndNoFile() throws Exception {
        Path noDir = Jvm.OUTPUT.resolve("no-such-dir").resolve("r.html");
        Path isDir = Files.createDirectories(Jvm.OUTPUT.resolve("out-is-a-dir.html"));
        Path inProc = Path.of("/proc/punctual-report.html"); // not writable, even by root
        Path underFile = tickerJfr.resolve("r.html");
        Map<Path, String> cases = new LinkedHashMap<>();
        cases.put(noDir, "cannot be written: no directory");
        cases.put(isDir, "is a directory");
        cases.put(inProc, "cannot be written");
        cases.put(underFile, "cannot be written: no directory");
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            Jvm.Result r = Cli.run("unwritable", CLI_TIMEOUT, "report", tickerJfr.toString(), "--html", c.getKey().toString());
            assertOneLineFailure(r, 2, "punctual: " + c.getKey() + ": " + c.getValue());
            assertEquals("", r.stdout, "nothing printed when the report cannot be written");
        }
        assertFalse(Files.exists(noDir));
        assertTrue(Files.isDirectory(isDir));
        assertFalse(Files.exists(inProc));
        assertNoLeftovers();
    }

    static void assertOneLineFailure(Jvm.Result r, int exitCode, String expectedStart) {
        assertEquals(exitCode, r.exitCode, r.toString());
        assertEquals(1, r.stderrLines().size(), "one line: " + r);
        assertTrue(r.stderr.startsWith(expectedStart), "expected '" + expectedStart + "...', was: " + r.stderr);
        assertFalse(r.stderr.contains("\tat ") || r.stderr.contains("Exception in thread"), "no stack trace: " + r);
    }

    private static void assertNoLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(Jvm.OUTPUT)) {
            List<Path> tmp = files.filter(p -> p.getFileName().toString().endsWith(".tmp") && p.getFileName().toString().startsWith("."))
                    .collect(Collectors.toList());
            assertEquals(List.of(), tmp, "no temporary file left");
        }
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path p = Jvm.file(name);
        Files.write(p, bytes);
        return p;
    }

    private static String report(Path jfr) throws Exception {
        Jvm.Result r = Cli.run("report-" + jfr.getFileName(), CLI_TIMEOUT, "report", jfr.toString());
        r.assertExitCode(0);
        assertEquals("", r.stderr);
        return r.stdout;
    }

    /**
     * The rows of the table that starts at the line beginning with {@code header} (the header itself
     * left out) or right after the line {@code title}, up to the next blank line; cells split at two spaces.
     */
    static List<List<String>> table(String report, String header, String... title) {
        List<String> lines = report.lines().collect(Collectors.toList());
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (header != null && lines.get(i).startsWith(header)) {
                start = i + 1;
            } else if (title.length > 0 && lines.get(i).startsWith(title[0])) {
                start = i + 1;
            }
        }
        assertTrue(start >= 0, "no table " + (header != null ? header : title[0]) + " in:\n" + report);
        List<List<String>> rows = new ArrayList<>();
        for (int i = start; i < lines.size() && !lines.get(i).isBlank(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("SITE") || line.startsWith("TIME")) {
                continue;
            }
            rows.add(List.of(COLUMNS.split(line)));
        }
        return rows;
    }
}
