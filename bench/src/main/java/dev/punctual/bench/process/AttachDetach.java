package dev.punctual.bench.process;

import dev.punctual.bench.Layout;
import dev.punctual.bench.Plan;
import dev.punctual.bench.Progress;
import dev.punctual.bench.Results;
import dev.punctual.bench.apps.AttachTarget;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Attach and detach with the punctual command, as an operator runs it: from the launch of
 * `punctual attach` to the first punctual.TimerLag event in the target (threshold 0, so the target's
 * next tick makes one), and the wall time of `punctual detach`, which returns once every transformed
 * class is restored. A fresh target JVM each round.
 */
public final class AttachDetach {
    private AttachDetach() {
    }

    public static void run(Layout layout, Plan plan, Path output, Results results) throws Exception {
        for (int round = 1; round <= plan.processRounds(); round++) {
            List<String> target = new ArrayList<>(List.of(Layout.java()));
            if (Runtime.version().feature() >= 21) {
                target.add("-XX:+EnableDynamicAgentLoading"); // an expected load: no warning
            }
            target.addAll(List.of("-cp", layout.benchJar.toString(), AttachTarget.class.getName(), "120"));
            Proc app = Proc.start(target, output, "attach-target-" + round);
            try {
                app.awaitLine("ready", Duration.ofSeconds(30));
                Thread.sleep(1000); // past the target's own start-up
                String pid = Long.toString(app.process.pid());

                long attachStart = micros(Instant.now());
                Proc attach = Proc.start(cli(layout, "attach", pid, "timers.lag.threshold=0"), output, "attach-" + round);
                long attachEnded = attach.await(Duration.ofSeconds(60));
                String first = app.awaitLine("first-event-micros ", Duration.ofSeconds(30));
                long firstEvent = Long.parseLong(first.substring("first-event-micros ".length()).trim());
                results.add("attach/detach", "punctual attach to first event", "ms", "punctual", round, (firstEvent - attachStart) / 1e3);
                results.add("attach/detach", "punctual attach command", "ms", "punctual", round, (attachEnded - attach.startedNanos) / 1e6);

                Thread.sleep(1000);
                Proc detach = Proc.start(cli(layout, "detach", pid), output, "detach-" + round);
                long detachEnded = detach.await(Duration.ofSeconds(60));
                results.add("attach/detach", "punctual detach command (classes restored)", "ms", "punctual", round,
                        (detachEnded - detach.startedNanos) / 1e6);
            } finally {
                app.kill();
            }
            Progress.say("attach/detach round " + round + " of " + plan.processRounds());
        }
    }

    private static List<String> cli(Layout layout, String... args) {
        List<String> command = new ArrayList<>(List.of(Layout.java(), "-jar", layout.cliJar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }
}
