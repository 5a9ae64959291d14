package dev.punctual.it.metrics;

import dev.punctual.it.apps.MetricsWorkload;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** {@link MetricsWorkload} in a JVM with the agent and a recording, held open until {@link #stop}. */
final class Workload {
    final Jvm.Started jvm;
    final Path jfr;
    private final Path stopFile;

    private Workload(Jvm.Started jvm, Path jfr, Path stopFile) {
        this.jvm = jvm;
        this.jfr = jfr;
        this.stopFile = stopFile;
    }

    /** @param holdOpen false: the app exits as soon as its work is done */
    static Workload start(String name, String agentArgs, String targetBase, boolean holdOpen, UnaryOperator<Jvm> more)
            throws IOException {
        Path jfr = Jvm.file(name + ".jfr");
        Path stop = Jvm.file(name + ".stop");
        if (!holdOpen) {
            Files.writeString(stop, "");
        }
        Jvm jvm = Jvm.named(name).agent(agentArgs).recording(jfr);
        jvm = more.apply(jvm).main(MetricsWorkload.class, targetBase, stop.toString());
        return new Workload(jvm.start(), jfr, stop);
    }

    void awaitDone() throws IOException, InterruptedException {
        jvm.awaitLine("done", Duration.ofSeconds(60));
    }

    Jvm.Result stop() throws IOException, InterruptedException {
        Files.writeString(stopFile, "");
        return jvm.await().assertExitCode(0);
    }

    /** The app's report without its timing line: the same in every run. */
    static String report(Jvm.Result r) {
        return r.stdout.lines().filter(l -> !l.startsWith("workload-ms")).collect(Collectors.joining("\n"));
    }

    static long workloadMillis(Jvm.Result r) {
        return Long.parseLong(r.stdout.lines().filter(l -> l.startsWith("workload-ms")).findFirst().orElseThrow().split(" ")[1]);
    }

    /** The agent's own threads and those the JDK started for them: none may appear in a recording. */
    static void assertNothingOfTheAgentsOwn(Path jfr, String... ownTargets) throws IOException {
        Recording recording = Recording.read(jfr);
        for (RecordedEvent e : recording.events("punctual.TimerLag")) {
            String thread = e.getThread() == null ? "" : e.getThread().getJavaName();
            if (thread.startsWith("punctual-") || thread.equals("idle-timeout-task") || thread.startsWith("HttpClient-")) {
                throw new AssertionError("the agent measured its own scheduler: " + e);
            }
        }
        for (String type : List.of("punctual.DeadlineInjected", "punctual.DeadlineMissing", "punctual.DeadlineExceeded",
                "punctual.DeadlineSummary")) {
            for (RecordedEvent e : recording.events(type)) {
                for (String own : ownTargets) {
                    if (e.getString("target").equals(own)) {
                        throw new AssertionError("the agent's own call was reported: " + e);
                    }
                }
            }
        }
    }
}
