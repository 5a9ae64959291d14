package dev.punctual.sample.heartbeat;

import dev.punctual.sample.common.UsageException;

import static dev.punctual.sample.common.Args.count;
import static dev.punctual.sample.common.Args.duration;
import static dev.punctual.sample.common.Args.format;

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


    static Options parse(String[] args) throws UsageException {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                throw new UsageException("unexpected argument '" + arg + "' (see --help)");
            }
            // Accept both "--name value" and "--name=value", as GNU getopt does.
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq >= 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help" -> {
                    if (value != null) {
                        throw new UsageException("option " + name + " takes no value");
                    }
                    options.help = true;
                    continue;
                }
                case "--interval", "--timeout", "--load", "--stall-every", "--stall-for", "--cpu-load",
                        "--duration" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("option " + name + " needs a value");
                        }
                        value = args[++i];
                    }
                }
                default -> throw new UsageException("unknown option '" + name + "' (see --help)");
            }
            switch (name) {
                case "--interval" -> options.intervalNanos = positive(name, value);
                case "--timeout" -> options.timeoutNanos = positive(name, value);
                case "--stall-every" -> options.stallEveryNanos = positive(name, value);
                case "--stall-for" -> options.stallForNanos = positive(name, value);
                case "--duration" -> options.durationNanos = positive(name, value);
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

    private static long positive(String option, String text) throws UsageException {
        long nanos = duration(option, text);
        if (nanos <= 0) {
            throw new UsageException(option + " must be positive, got '" + text + "'");
        }
        return nanos;
    }




    String loadText() {
        return stall ? "stall (" + format(stallForNanos) + " every " + format(stallEveryNanos) + ")" : "none";
    }
}
