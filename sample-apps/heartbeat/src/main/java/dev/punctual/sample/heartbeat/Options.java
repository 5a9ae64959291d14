package dev.punctual.sample.heartbeat;

import dev.punctual.sample.common.CommandLine;
import dev.punctual.sample.common.UsageException;

import static dev.punctual.sample.common.Args.count;
import static dev.punctual.sample.common.Args.duration;
import static dev.punctual.sample.common.Args.positiveDuration;
import static dev.punctual.sample.common.Args.format;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line of {@link Heartbeat}. All durations are in nanoseconds. */
final class Options {

    static final String USAGE = """
            Usage: java -jar heartbeat.jar [OPTIONS]

            A sender thread sends a heartbeat every INTERVAL from a ScheduledThreadPoolExecutor's
            fixed-rate task; a peer thread declares the link dead after TIMEOUT without one. The
            sender never stops, so every death the peer declares is false: a heartbeat that its
            timer started late.

              --interval DUR       heartbeat period (default 100ms)
              --timeout DUR        silence after which the peer declares the link dead (default 300ms)
              --load MODE          none (default), or stall: every STALL-EVERY, a task on the
                                   sender's own executor busy-spins for STALL-FOR
              --stall-every DUR    how often the stall task runs (default 2s)
              --stall-for DUR      how long it holds the sender's thread (default 450ms)
              --cpu-load N         N busy-spinning threads during the run (default 0)
              --duration DUR       how long to run (default 10s)
              --help               print this text

            DUR is a whole number with a unit: ns, us, ms, s or m (e.g. 250us, 500ms, 2s, 1m).
            """;

    /** Rejected command line; the message is printed as is after "heartbeat: ". */

    long intervalNanos = TimeUnit.MILLISECONDS.toNanos(100);
    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(300);
    boolean stall = false;
    long stallEveryNanos = TimeUnit.SECONDS.toNanos(2);
    long stallForNanos = TimeUnit.MILLISECONDS.toNanos(450);
    int cpuLoadThreads = 0;
    long durationNanos = TimeUnit.SECONDS.toNanos(10);
    boolean help = false;


    private static final Set<String> VALUED = Set.of("--interval", "--timeout", "--load", "--stall-every",
            "--stall-for", "--cpu-load", "--duration");

    static Options parse(String[] args) throws UsageException {
        Options options = new Options();
        for (CommandLine.Option option : CommandLine.split(args, VALUED, Set.of("--help"))) {
            String name = option.name();
            String value = option.value();
            if (name.equals("--help")) {
                options.help = true;
                continue;
            }
            switch (name) {
                case "--interval" -> options.intervalNanos = positiveDuration(name, value);
                case "--timeout" -> options.timeoutNanos = positiveDuration(name, value);
                case "--stall-every" -> options.stallEveryNanos = positiveDuration(name, value);
                case "--stall-for" -> options.stallForNanos = positiveDuration(name, value);
                case "--duration" -> options.durationNanos = positiveDuration(name, value);
                case "--cpu-load" -> options.cpuLoadThreads = count(name, value, 0);
                case "--load" -> options.stall = switch (value) {
                    case "none" -> false;
                    case "stall" -> true;
                    default -> throw new UsageException("--load wants none or stall, got '" + value + "'");
                };
                default -> throw new AssertionError(name);
            }
        }
        if (options.timeoutNanos <= options.intervalNanos) {
            throw new UsageException("--timeout (" + format(options.timeoutNanos)
                    + ") must be longer than --interval (" + format(options.intervalNanos) + ")");
        }
        if (options.stallForNanos >= options.stallEveryNanos) {
            throw new UsageException("--stall-for (" + format(options.stallForNanos)
                    + ") must be shorter than --stall-every (" + format(options.stallEveryNanos) + ")");
        }
        return options;
    }




    String loadText() {
        return stall ? "stall (" + format(stallForNanos) + " every " + format(stallEveryNanos) + ")" : "none";
    }
}
