package dev.punctual.cli;

import dev.punctual.agent.status.api.ProbeProtocol;
import dev.punctual.cli.target.AgentJar;
import dev.punctual.cli.target.TargetJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"The ticker-drift diagnostic, run inside the target JVM: a fixed-rate timer on a "
                + "ScheduledThreadPoolExecutor of its own for the duration, each run's lag measured against the "
                + "executor's own trigger time; then the drift table.",
                "It installs nothing and works the same whether or not Punctual is loaded."})
final class ProbeCommand implements Callable<Integer> {
    private static final Duration MIN_PERIOD = Duration.ofNanos(50_000);

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    long pid;

    @Option(names = "--period", paramLabel = "DURATION", defaultValue = "1ms", converter = DurationOption.class,
            description = "the timer's period (default ${DEFAULT-VALUE}; at least 50us)")
    Duration period;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", converter = DurationOption.class,
            description = "how long the timer runs (default ${DEFAULT-VALUE})")
    Duration duration;

    @Override
    public Integer call() throws Failure {
        if (period.compareTo(MIN_PERIOD) < 0) {
            throw Failure.usage("--period " + Format.nanos(period.toNanos()) + " is below 50us, where the probe would measure itself");
        }
        if (duration.compareTo(period) < 0) {
            throw Failure.usage("--duration must be at least one --period");
        }
        long runs = duration.toNanos() / period.toNanos();
        if (runs > ProbeProtocol.MAX_RUNS) {
            throw Failure.usage("--duration / --period is " + runs + " runs; at most " + ProbeProtocol.MAX_RUNS);
        }
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            boolean punctual = jvm.punctualVersion() != null;
            jvm.loadAgent(AgentJar.path(), ProbeProtocol.ARGUMENT_PREFIX + id + ":" + period.toNanos() + ":" + duration.toNanos());
            System.out.println("probing " + pid + ": a " + Format.nanos(period.toNanos()) + " fixed-rate timer for "
                    + Format.nanos(duration.toNanos()) + " (Punctual " + (punctual ? "loaded" : "not loaded") + ") ...");
            String result = await(jvm, id);
            print(result);
        }
        return 0;
    }

    private String await(TargetJvm jvm, String id) throws Failure {
        long deadline = System.nanoTime() + duration.toNanos() + Duration.ofSeconds(30).toNanos();
        String key = ProbeProtocol.RESULT_PROPERTY_PREFIX + id;
        while (System.nanoTime() < deadline) {
            String result = jvm.agentProperties().getProperty(key);
            if (result != null) {
                if (result.startsWith("error=")) {
                    throw Failure.failed("the probe failed in process " + pid + ": " + result.substring(6));
                }
                return result;
            }
            try {
                Thread.sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Failure.failed("interrupted; the probe ends on its own in process " + pid);
            }
        }
        throw Failure.failed("the probe in process " + pid + " gave no result within its duration + 30 s");
    }

    private static void print(String result) {
        Map<String, String> words = new HashMap<>();
        for (String w : result.split(" ")) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                words.put(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        System.out.println("timer drift (lag of each run behind its scheduled time, System.nanoTime):");
        row("count", words.get("count"));
        for (String k : new String[] {"mean", "p50", "p99", "p999", "max"}) {
            row(k, micros(words.get(k)));
        }
        System.out.println("(one clock read costs " + words.get("clock") + " ns here)");
    }

    private static String micros(String nanos) {
        return nanos == null ? "-" : String.format(Locale.ROOT, "%.1f us", Double.parseDouble(nanos) / 1000.0);
    }

    private static void row(String key, String value) {
        System.out.printf(Locale.ROOT, "  %-8s%s%n", key, value);
    }
}
