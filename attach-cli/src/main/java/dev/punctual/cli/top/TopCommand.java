package dev.punctual.cli.top;

import dev.punctual.cli.Failure;
import dev.punctual.cli.report.Tally;
import dev.punctual.cli.target.TargetJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "top", mixinStandardHelpOptions = true,
        description = "A live view of a JVM that runs Punctual, from its JFR event stream: schedulers by lag with a "
                + "sparkline of recent P99, deadline counters by target, recent dead tasks and clock steps. q quits.")
public final class TopCommand implements Callable<Integer> {
    /**
     * How long --once waits for the first summaries beyond one interval: the stream's start-up, and on
     * JDK 17, whose JFR keeps these summaries at the agent's own interval (10 s by default), that interval.
     */
    private static final Duration FIRST_DATA_GRACE = Duration.ofSeconds(12);

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    long pid;

    @Option(names = "--once", description = "print one frame (after the first summaries arrive) as plain text, and exit")
    boolean once;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "refresh and summary interval in whole seconds (default: ${DEFAULT-VALUE})")
    int intervalSeconds;

    @Override
    public Integer call() throws Failure {
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw Failure.usage("--interval must be 1 to 3600 seconds, not " + intervalSeconds);
        }
        if (!once && !Terminal.interactive()) {
            throw Failure.usage("top needs a terminal on its input and output; use --once to print one frame");
        }
        Duration interval = Duration.ofSeconds(intervalSeconds);
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            if (jvm.punctualVersion() == null) {
                throw Failure.failed("Punctual is not loaded in process " + pid + " (punctual attach " + pid + " loads it)");
            }
            String main = mainOf(pid);
            try (LiveFeed feed = LiveFeed.start(jvm.jmx(), pid, interval)) {
                return once ? printOnce(feed, main, interval) : run(feed, main, interval);
            }
        }
    }

    private int printOnce(LiveFeed feed, String main, Duration interval) throws Failure {
        long deadline = System.nanoTime() + interval.multipliedBy(2).plus(FIRST_DATA_GRACE).toNanos();
        // Two summaries of a scheduler written after the stream began: the first gives the lags, the
        // second the rate too. A JVM without schedulers shows what it has when the wait runs out.
        while (!feed.read(TopCommand::hasTwoSummaries) && feed.ended() == null && System.nanoTime() < deadline && alive()) {
            sleep(50);
        }
        sleep(200); // the rest of that round of summaries, written at the same moment
        failIfEnded(feed);
        int[] size = Terminal.interactive() ? Terminal.size() : new int[] {Terminal.DEFAULT_ROWS, Terminal.DEFAULT_COLUMNS};
        PrintStream out = Terminal.stdout();
        for (String line : frame(feed, main, feed.lastSummary() == null ? "no summary yet" : "live", size)) {
            out.println(line);
        }
        out.flush();
        return 0;
    }

    private static boolean hasTwoSummaries(Tally tally) {
        return tally.schedulers().stream().anyMatch(s -> s.summaries() >= 2);
    }

    private int run(LiveFeed feed, String main, Duration interval) throws Failure {
        try (Terminal terminal = Terminal.open()) {
            while (true) {
                String status = feed.lastSummary() == null ? "waiting" : "live";
                terminal.draw(frame(feed, main, status, Terminal.size()));
                long next = System.nanoTime() + interval.toNanos();
                for (long left; (left = next - System.nanoTime()) > 0; ) {
                    int key = terminal.nextKey(left / 1_000_000 + 1);
                    if (key == 'q' || key == 'Q' || key == 3 || key == 4 || key == -2) { // q, Ctrl-C, Ctrl-D, end of input
                        return 0;
                    }
                }
                if (feed.ended() != null || !alive()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        failIfEnded(feed);
        return 0;
    }

    private List<String> frame(LiveFeed feed, String main, String status, int[] size) {
        Frame.Context context = new Frame.Context(pid, main, Instant.now(), feed.started(), status, Terminal.unicode());
        return feed.read(tally -> Frame.render(tally, context, size[0], size[1]));
    }

    private void failIfEnded(LiveFeed feed) throws Failure {
        if (!alive()) {
            throw Failure.failed("process " + pid + " ended");
        }
        if (feed.ended() != null) {
            throw Failure.failed("the event stream from process " + pid + " stopped: " + feed.ended());
        }
    }

    private boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The main class or jar, from the command line: what the operator knows the process by. */
    private static String mainOf(long pid) {
        String[] args = ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).orElse(new String[0]);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-jar") && i + 1 < args.length) {
                String jar = args[i + 1];
                return jar.substring(jar.lastIndexOf('/') + 1);
            }
            if (args[i].equals("-cp") || args[i].equals("-classpath") || args[i].equals("--class-path")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return "";
    }
}
