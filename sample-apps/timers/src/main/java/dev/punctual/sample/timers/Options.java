package dev.punctual.sample.timers;

import dev.punctual.sample.common.CommandLine;
import dev.punctual.sample.common.UsageException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.punctual.sample.common.Args.count;
import static dev.punctual.sample.common.Args.duration;
import static dev.punctual.sample.common.Args.positiveDuration;
import static dev.punctual.sample.common.Args.format;

/** The command line of {@link Timers}. All durations are in nanoseconds. */
final class Options {
    static final String USAGE = """
            Usage: java -jar timers.jar [OPTIONS]

            Runs a periodic tick on each kind of timer at once, each tick measuring its own
            wake-up lag (how much later than due it started), and prints what it measured.

              --kinds LIST         comma-separated, from: executor, delayed, timer, wheel, loop,
                                   virtual (default: all that this JDK has; virtual needs JDK 21+)
              --period DUR         the ticks' period (default 2ms; the Timer's is whole ms)
              --stall DUR          every STALL-EVERY, a task on each tick's own scheduler thread
                                   busy-spins this long, and the ticks due meanwhile start late
                                   (default 0: none; not on delayed and virtual, which have no
                                   thread of their own)
              --stall-every DUR    how often (default 1s)
              --cpu-load N         N busy-spinning threads during the run (default 0)
              --duration DUR       how long to run (default 5s)
              --truth FILE         write every tick's lag to FILE, one line per tick:
                                   <kind> <lowest ns> <highest ns>
              --help               print this text

            DUR is a whole number with a unit: ns, us, ms, s or m (e.g. 250us, 500ms, 2s, 1m).
            """;

    private static final Set<String> VALUED = Set.of("--kinds", "--period", "--stall", "--stall-every", "--cpu-load",
            "--duration", "--truth");

    List<TimerKind> kinds = TimerKind.available();
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(2);
    long stallNanos = 0;
    long stallEveryNanos = TimeUnit.SECONDS.toNanos(1);
    int cpuLoadThreads = 0;
    long durationNanos = TimeUnit.SECONDS.toNanos(5);
    Path truth;
    boolean help;

    static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        for (CommandLine.Option option : CommandLine.split(args, VALUED, Set.of("--help"))) {
            String name = option.name();
            String value = option.value();
            switch (name) {
                case "--help" -> o.help = true;
                case "--kinds" -> o.kinds = kinds(value);
                case "--period" -> o.periodNanos = positiveDuration(name, value);
                case "--stall" -> o.stallNanos = duration(name, value);
                case "--stall-every" -> o.stallEveryNanos = positiveDuration(name, value);
                case "--cpu-load" -> o.cpuLoadThreads = count(name, value, 0);
                case "--duration" -> o.durationNanos = positiveDuration(name, value);
                case "--truth" -> o.truth = Path.of(value);
                default -> throw new AssertionError(name);
            }
        }
        if (o.stallNanos >= o.stallEveryNanos) {
            throw new UsageException("--stall (" + format(o.stallNanos) + ") must be shorter than --stall-every ("
                    + format(o.stallEveryNanos) + ")");
        }
        if (o.kinds.stream().anyMatch(k -> k instanceof UtilTimerKind) && o.periodNanos % 1_000_000L != 0) {
            throw new UsageException("--period must be whole milliseconds for the timer kind, got " + format(o.periodNanos));
        }
        return o;
    }

    private static List<TimerKind> kinds(String list) throws UsageException {
        List<TimerKind> kinds = new ArrayList<>();
        for (String name : list.split(",", -1)) {
            TimerKind kind = TimerKind.named(name.trim());
            if (kind == null) {
                throw new UsageException("--kinds: unknown kind '" + name + "' (use executor, delayed, timer, wheel, loop, virtual)");
            }
            if (!kind.availableOnThisJvm()) {
                throw new UsageException("--kinds: " + name + " needs JDK 21 or later, this is JDK " + Runtime.version().feature());
            }
            if (kinds.stream().noneMatch(k -> k.name().equals(kind.name()))) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    String text() {
        StringBuilder names = new StringBuilder();
        for (TimerKind k : kinds) {
            names.append(names.length() == 0 ? "" : ",").append(k.name());
        }
        return "kinds " + names + ", period " + format(periodNanos) + ", stall "
                + (stallNanos == 0 ? "none" : format(stallNanos) + " every " + format(stallEveryNanos))
                + ", cpu-load " + cpuLoadThreads + ", for " + format(durationNanos);
    }
}
