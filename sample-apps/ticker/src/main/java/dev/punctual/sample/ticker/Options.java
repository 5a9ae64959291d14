package dev.punctual.sample.ticker;

import dev.punctual.sample.common.CommandLine;
import dev.punctual.sample.common.UsageException;

import static dev.punctual.sample.common.Args.count;
import static dev.punctual.sample.common.Args.duration;
import static dev.punctual.sample.common.Args.positiveDuration;
import static dev.punctual.sample.common.Args.format;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line of {@link Ticker}. All durations are in nanoseconds. */
final class Options {

    static final String USAGE = """
            Usage: java -jar ticker.jar [OPTIONS]

            Runs a ScheduledThreadPoolExecutor.scheduleAtFixedRate tick and measures the
            wake-up lag of every tick (actual start - scheduled time) with System.nanoTime.

              --period DUR             tick period (default 1ms)
              --duration DUR           how long to tick (default 10s)
              --initial-delay DUR      delay before the first tick (default 10ms)
              --threads N              core pool size of the scheduler (default 1)
              --cpu-load N             N busy-spinning threads during the run (default 0)
              --gc-load MBPS           allocate about MBPS MB/s of short-lived garbage (default 0)
              --stall EVERY:FOR        every EVERY, busy-spin FOR on the scheduler (e.g. 1s:20ms)
              --ground-truth FILE      after the run, write one line per tick to FILE
              --wait-before-start DUR  sleep before starting, e.g. to attach an agent (default 0)
              --quiet                  print only the final statistics
              --help                   print this text

            DUR is a whole number with a unit: ns, us, ms, s or m (e.g. 250us, 500ms, 2s, 1m), or 0.
            """;

    /** Rejected command line; the message is printed as is after "ticker: ". */

    long periodNanos = TimeUnit.MILLISECONDS.toNanos(1);
    long durationNanos = TimeUnit.SECONDS.toNanos(10);
    long initialDelayNanos = TimeUnit.MILLISECONDS.toNanos(10);
    int threads = 1;
    int cpuLoadThreads = 0;
    int gcLoadMBps = 0;
    /** Zero when no stall was asked for. */
    long stallEveryNanos = 0;
    long stallForNanos = 0;
    Path groundTruth = null;
    long waitBeforeStartNanos = 0;
    boolean quiet = false;
    boolean help = false;


    private static final Set<String> VALUED = Set.of("--period", "--duration", "--initial-delay", "--threads",
            "--cpu-load", "--gc-load", "--stall", "--ground-truth", "--wait-before-start");

    static Options parse(String[] args) throws UsageException {
        Options options = new Options();
        for (CommandLine.Option option : CommandLine.split(args, VALUED, Set.of("--quiet", "--help"))) {
            String name = option.name();
            String value = option.value();
            if (name.equals("--quiet") || name.equals("--help")) {
                options.quiet |= name.equals("--quiet");
                options.help |= name.equals("--help");
                continue;
            }
            switch (name) {
                case "--period" -> options.periodNanos = positiveDuration(name, value);
                case "--duration" -> options.durationNanos = duration(name, value);
                case "--initial-delay" -> options.initialDelayNanos = duration(name, value);
                case "--wait-before-start" -> options.waitBeforeStartNanos = duration(name, value);
                case "--threads" -> options.threads = count(name, value, 1);
                case "--cpu-load" -> options.cpuLoadThreads = count(name, value, 0);
                case "--gc-load" -> options.gcLoadMBps = count(name, value, 0);
                case "--stall" -> options.parseStall(value);
                case "--ground-truth" -> {
                    if (value.isEmpty()) {
                        throw new UsageException("--ground-truth needs a file name");
                    }
                    try {
                        options.groundTruth = Path.of(value);
                    } catch (RuntimeException e) {
                        throw new UsageException("--ground-truth: bad file name '" + value + "'");
                    }
                }
                default -> throw new AssertionError(name);
            }
        }
        return options;
    }

    private void parseStall(String value) throws UsageException {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new UsageException("--stall wants EVERY:FOR (e.g. 1s:20ms), got '" + value + "'");
        }
        long every = duration("--stall", value.substring(0, colon));
        long stall = duration("--stall", value.substring(colon + 1));
        if (every <= 0 || stall <= 0) {
            throw new UsageException("--stall wants positive EVERY and FOR, got '" + value + "'");
        }
        stallEveryNanos = every;
        stallForNanos = stall;
    }




    String stallText() {
        return stallEveryNanos == 0 ? "none" : format(stallEveryNanos) + ":" + format(stallForNanos);
    }
}
