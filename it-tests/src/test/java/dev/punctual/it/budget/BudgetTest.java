package dev.punctual.it.budget;

import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deadline budgets, with the budget sample app: a front whose callers give up after 1 s hands its work
 * to other threads (every kind of hop) that call backends answering after 3 s, with timeouts of their
 * own of 2.5 s. One JVM per scenario: with the agent, without it, in observe mode, through the HTTP
 * header (JDK HttpServer and embedded Jetty).
 */
class BudgetTest {
    /** How long after the caller gave up a call may still end. */
    static final long SLACK_MILLIS = 50;
    static final long DEADLINE_MILLIS = 1000;
    static final long OWN_TIMEOUT_MILLIS = 2500;
    static final Set<String> HOPS = Set.of("execute", "submit", "invoke-all", "schedule", "fork-join", "async");
    static final Set<String> CLIENTS = Set.of("http-client", "url-connection", "grpc");
    static final Map<String, String> JFR_CLIENTS = Map.of("http-client", "java.net.http.HttpClient",
            "url-connection", "HttpURLConnection", "grpc", "gRPC");
    private static final Pattern CALL = Pattern.compile("^call front=(\\S+) hop=(\\S+) client=(\\S+) late=(\\S+) outcome=(\\S+) "
            + "elapsed=(\\d+)ms after-deadline=(-?\\d+)ms thread=(.+)$", Pattern.MULTILINE);
    private static final Pattern UNRELATED = Pattern.compile("^unrelated hop=(\\S+) client=(\\S+) outcome=(\\S+) "
            + "elapsed=(\\d+)ms thread=(.+)$", Pattern.MULTILINE);
    private static final Pattern OVERSLEEP = Pattern.compile("^summary .* max-oversleep=(\\d+)ms$", Pattern.MULTILINE);
    /** What the backend received from the timed calls (the warm-up's calls ask for no delay). */
    private static final Pattern HEADER = Pattern.compile("^backend received X-Request-Timeout=(\\S+) delay=3000$", Pattern.MULTILINE);

    record Call(String front, String hop, String client, boolean late, String outcome, long elapsed, long afterDeadline,
                String thread) {
    }

    /**
     * @param oversleep the most the app's own sleeping thread woke late during the calls: the machine's
     *                  share of a call's lateness, which no agent can take back
     */
    record Run(Jvm.Result result, List<Call> calls, Path jfr, long oversleep) {
        List<Call> onTime() {
            return calls.stream().filter(c -> !c.late()).toList();
        }

        List<Call> late() {
            return calls.stream().filter(Call::late).toList();
        }
    }

    static Run enforce;
    static Run noAgent;
    static Run observe;
    static Run header;

    @BeforeAll
    static void runAll() throws Exception {
        enforce = run("enforce", "", "--late", "--reuse");
        noAgent = run("none", null);
        observe = run("observe", "mode=observe");
        header = run("header", "budget.http-header=X-Request-Timeout", "--front", "jdk-http,servlet", "--late");
    }

    private static Run run(String name, String agentArgs, String... appArgs) throws Exception {
        Path jfr = Jvm.file("budget-" + name + ".jfr");
        Jvm jvm = Jvm.named("budget-" + name).recording(jfr);
        if (agentArgs != null) {
            jvm.agent(agentArgs);
        }
        Jvm.Result r = jvm.sampleApp("budget", appArgs).run().assertExitCode(0);
        assertEquals("", r.stderr, r.toString());
        return parse(r, jfr);
    }

    static Run parse(Jvm.Result r, Path jfr) {
        assertTrue(r.stdout.contains("finished=true"), r.toString());
        List<Call> calls = new ArrayList<>();
        Matcher m = CALL.matcher(r.stdout);
        while (m.find()) {
            calls.add(new Call(m.group(1), m.group(2), m.group(3), Boolean.parseBoolean(m.group(4)), m.group(5),
                    Long.parseLong(m.group(6)), Long.parseLong(m.group(7)), m.group(8)));
        }
        assertFalse(calls.isEmpty(), r.toString());
        Matcher noise = OVERSLEEP.matcher(r.stdout);
        assertTrue(noise.find(), r.toString());
        return new Run(r, calls, jfr, Long.parseLong(noise.group(1)));
    }

    /** Every hop kind with every client: the run made each call. */
    static void assertEveryHopAndClient(List<Call> calls, Set<String> hops, String front) {
        Set<String> made = calls.stream().filter(c -> c.front().equals(front)).map(c -> c.hop() + " " + c.client())
                .collect(Collectors.toSet());
        for (String hop : hops) {
            for (String client : calls.stream().map(Call::client).collect(Collectors.toSet())) {
                assertTrue(made.contains(hop + " " + client), "no " + client + " call through " + hop + " from the " + front
                        + " front: " + made);
            }
        }
    }

    /**
     * The call ended within 50 ms of its caller's deadline, plus however late the machine woke the app's
     * own threads meanwhile (a few ms on a quiet machine; on one shared by many builds, tens).
     */
    static void assertEndsWithTheCaller(Call c, Run run) {
        assertEquals("timeout", c.outcome(), c.toString());
        assertTrue(c.afterDeadline() <= SLACK_MILLIS + run.oversleep(), "ended " + c.afterDeadline()
                + " ms after the caller gave up, while the app's threads woke up to " + run.oversleep() + " ms late: " + c);
    }

    /** A call made with no budget left fails with the client's timeout error, at once (the same allowance). */
    private static void assertFailsAtOnce(Call c, Run run) {
        assertEquals("timeout", c.outcome(), c.toString());
        assertTrue(c.elapsed() < SLACK_MILLIS + run.oversleep(), "a call with no budget left took " + c.elapsed()
                + " ms, while the app's threads woke up to " + run.oversleep() + " ms late: " + c);
    }

    private static void assertRunsToItsOwnTimeout(Call c) {
        assertEquals("timeout", c.outcome(), c.toString());
        assertTrue(c.elapsed() >= OWN_TIMEOUT_MILLIS - 10 && c.afterDeadline() >= OWN_TIMEOUT_MILLIS - DEADLINE_MILLIS,
                "expected a call of its own 2.5 s, long after the caller's 1 s: " + c);
    }

    @Test
    void withTheAgentNoCallOutlivesTheInboundDeadline() {
        assertEveryHopAndClient(enforce.onTime(), HOPS, "grpc");
        assertEquals(CLIENTS, enforce.calls().stream().map(Call::client).collect(Collectors.toSet()));
        for (Call c : enforce.onTime()) {
            assertEndsWithTheCaller(c, enforce);
        }
    }

    @Test
    void withoutTheAgentEveryCallRunsToItsOwnTimeout() {
        assertEveryHopAndClient(noAgent.calls(), HOPS, "grpc");
        for (Call c : noAgent.calls()) {
            assertRunsToItsOwnTimeout(c);
        }
    }

    @Test
    void aCallMadeAfterTheBudgetRanOutFailsAtOnceAndIsReported() throws Exception {
        assertEveryHopAndClient(enforce.late(), HOPS, "grpc");
        for (Call c : enforce.late()) {
            assertFailsAtOnce(c, enforce);
        }
        // Per-call events are bounded per call site; the summaries count every call that timed out.
        Map<String, Long> exceeded = Recording.read(enforce.jfr()).events("punctual.DeadlineSummary").stream()
                .filter(e -> !e.getString("target").contains("Front"))
                .collect(Collectors.groupingBy(e -> e.getString("client"), Collectors.summingLong(e -> e.getLong("exceeded"))));
        for (String client : CLIENTS) {
            long calls = enforce.calls().stream().filter(c -> c.client().equals(client)).count();
            assertTrue(exceeded.getOrDefault(JFR_CLIENTS.get(client), 0L) >= calls, client + ": " + calls + " calls timed out, "
                    + exceeded + " reported");
        }
    }

    @Test
    void enforcedBudgetsAreReportedWithTheRuleBudget() throws Exception {
        List<RecordedEvent> injected = Recording.read(enforce.jfr()).events("punctual.DeadlineInjected").stream()
                .filter(e -> "budget".equals(e.getString("rule"))).toList();
        assertEquals(Set.copyOf(JFR_CLIENTS.values()), injected.stream().map(e -> e.getString("client")).collect(Collectors.toSet()));
        for (RecordedEvent e : injected) {
            assertTrue(Recording.nanos(e, "timeout") < DEADLINE_MILLIS * 1_000_000L, e.toString());
        }
    }

    @Test
    void aPoolThreadCarriesNoBudgetIntoTheNextUnrelatedTask() {
        Map<String, String> budgetedThreads = enforce.calls().stream().filter(c -> c.hop().startsWith("single-"))
                .peek(c -> assertEndsWithTheCaller(c, enforce))
                .collect(Collectors.toMap(Call::hop, Call::thread));
        assertEquals(Set.of("single-thread", "single-scheduled", "single-fork-join"), budgetedThreads.keySet());
        Matcher m = UNRELATED.matcher(enforce.result().stdout);
        int unrelated = 0;
        while (m.find()) {
            unrelated++;
            String hop = m.group(1);
            assertEquals(budgetedThreads.get(hop), m.group(5), "the unrelated task ran on the thread that ran the budgeted one");
            assertEquals("ok", m.group(3), "the unrelated call, after the budgeted one's budget ran out: " + m.group());
            assertTrue(Long.parseLong(m.group(4)) >= 300, m.group());
        }
        assertEquals(3, unrelated, enforce.result().toString());
    }

    @Test
    void noHeaderIsSentUnlessOneIsConfigured() {
        assertFalse(enforce.result().stdout.contains("backend received"), enforce.result().toString());
    }

    @Test
    void observeModeReportsAndChangesNothing() throws Exception {
        assertEveryHopAndClient(observe.calls(), HOPS, "grpc");
        for (Call c : observe.calls()) {
            assertRunsToItsOwnTimeout(c);
        }
        Recording recording = Recording.read(observe.jfr());
        List<RecordedEvent> missing = recording.events("punctual.DeadlineMissing").stream()
                .filter(e -> "budget".equals(e.getString("rule"))).toList();
        assertEquals(Set.copyOf(JFR_CLIENTS.values()), missing.stream().map(e -> e.getString("client")).collect(Collectors.toSet()));
        for (RecordedEvent e : missing) {
            assertTrue(Recording.nanos(e, "timeout") < DEADLINE_MILLIS * 1_000_000L, e.toString());
        }
        assertEquals(List.of(), recording.events("punctual.DeadlineInjected"));
    }

    @Test
    void theHeaderCarriesTheBudgetInAndOutWithTheJdkServerAndJetty() {
        for (String front : List.of("jdk-http", "servlet")) {
            assertEveryHopAndClient(header.onTime(), HOPS, front);
        }
        for (Call c : header.onTime()) {
            assertEndsWithTheCaller(c, header);
        }
        for (Call c : header.late()) {
            assertFailsAtOnce(c, header);
        }
        // Every call the backend saw from a handler carried what was left of the caller's 1000 ms.
        Matcher m = HEADER.matcher(header.result().stdout);
        List<Long> received = new ArrayList<>();
        while (m.find()) {
            received.add(Long.parseLong(m.group(1)));
        }
        assertFalse(received.isEmpty(), header.result().toString());
        for (long r : received) {
            assertTrue(r >= 0 && r < DEADLINE_MILLIS, "header value " + r);
        }
        assertTrue(received.stream().anyMatch(r -> r > DEADLINE_MILLIS / 2), "calls made early carry most of the budget: " + received);
    }
}
