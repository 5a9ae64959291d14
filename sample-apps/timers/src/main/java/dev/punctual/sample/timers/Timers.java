package dev.punctual.sample.timers;

import dev.punctual.sample.common.Args;
import dev.punctual.sample.common.CpuLoad;
import dev.punctual.sample.common.CommandLine;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A tick on every kind of timer at once, each measuring its own wake-up lag: the ground truth for
 * what Punctual records. Options add load that makes the ticks late: a stall on each tick's own
 * scheduler thread, busy threads competing for the CPUs.
 */
public final class Timers {
    /** Ticks kept per kind, at most (12 MB each): over 8 minutes of 1 ms ticks. */
    private static final int MAX_TICKS = 500_000;

    private Timers() {
    }

    public static void main(String[] args) throws Exception {
        // Netty's direct-memory tricks go through sun.misc.Unsafe, which JDK 24+ warns about on stderr;
        // its timers do not need them. Set before any Netty class loads.
        System.setProperty("io.netty.noUnsafe", "true");
        Options options = CommandLine.optionsOrExit("timers", args, Options::parse, o -> o.help, Options.USAGE);
        if (options == null) {
            return;
        }
        // Opened first, so that a bad path fails now rather than after the whole run.
        Writer truth = null;
        if (options.truth != null) {
            try {
                truth = Files.newBufferedWriter(options.truth);
            } catch (IOException e) {
                System.err.println("timers: cannot write " + options.truth + " (" + e.getClass().getSimpleName() + ")");
                System.exit(1);
            }
        }
        System.out.println("timers: pid " + ProcessHandle.current().pid());
        System.out.println("timers: " + options.text());
        System.out.flush();

        CpuLoad load = CpuLoad.start(options.cpuLoadThreads);
        int capacity = (int) Math.min(MAX_TICKS, options.durationNanos / options.periodNanos * 2 + 1000);
        List<Lags> lags = new ArrayList<>();
        for (TimerKind kind : options.kinds) {
            Lags l = new Lags(capacity);
            lags.add(l);
            kind.start(l, options.periodNanos, options.stallNanos, options.stallEveryNanos);
        }
        System.out.println("timers: running");
        System.out.flush();
        Args.sleep(options.durationNanos);
        for (TimerKind kind : options.kinds) {
            kind.stop();
        }
        load.stop();

        for (int k = 0; k < options.kinds.size(); k++) {
            TimerKind kind = options.kinds.get(k);
            Lags l = lags.get(k);
            System.out.printf("timers: %-8s on %-32s %6d ticks, lag p50 %8.1f us, p99 %8.1f us, max %8.1f us%s%n",
                    kind.name(), kind.scheduler(), l.count(), micros(l.percentile(0.5)), micros(l.percentile(0.99)),
                    micros(l.percentile(1.0)), l.dropped() == 0 ? "" : " (" + l.dropped() + " more not kept)");
        }
        if (truth != null) {
            writeTruth(truth, options, lags);
        }
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    private static void writeTruth(Writer truth, Options options, List<Lags> lags) {
        try (Writer out = truth) {
            out.write("# kind lowest-ns highest-ns, one line per tick in the order they ran\n");
            for (int k = 0; k < options.kinds.size(); k++) {
                String name = options.kinds.get(k).name();
                Lags l = lags.get(k);
                for (int i = 0; i < l.count(); i++) {
                    out.write(name + " " + l.lowest(i) + " " + l.highest(i) + "\n");
                }
            }
        } catch (IOException e) {
            System.err.println("timers: cannot write " + options.truth + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
