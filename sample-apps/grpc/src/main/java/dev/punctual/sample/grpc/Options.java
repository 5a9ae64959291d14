package dev.punctual.sample.grpc;

import dev.punctual.sample.common.CommandLine;
import dev.punctual.sample.common.UsageException;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.punctual.sample.common.Args.count;
import static dev.punctual.sample.common.Args.positiveDuration;

/** The command line of {@link GrpcApp}. All durations are in nanoseconds; 0 is none. */
final class Options {
    static final String USAGE = """
            Usage: java -jar grpc.jar [OPTIONS]

            A gRPC call without a deadline waits for as long as the server does. The app starts a
            gRPC server on 127.0.0.1 (Netty) whose methods never answer, answer late, or stream for a
            while, then calls one of them in each style, with or without the deadline it is told to
            set, and prints how each call ended and how long it took.

              --method M           hang: never answers; delay:DUR: answers after DUR;
                                   relay: its handler calls hang on the same server, inside the
                                   caller's deadline; stream:DUR: server-streaming, a message every
                                   100 ms for DUR (default hang)
              --style S            blocking, future, async (stubs' three ways), intercepted (blocking,
                                   through two client interceptors), or all (default all); stream
                                   methods are always read with a blocking iterator
              --deadline DUR       the call's own deadline, CallOptions.withDeadlineAfter (default none)
              --context-deadline DUR  a deadline on the current io.grpc.Context instead (default none)
              --transport T        netty (a real TCP connection on loopback, default) or inprocess
              --calls N            calls per style, one after another (default 1)
              --give-up DUR        report a call still running after DUR as hung (default 10s)
              --help               print this text

            DUR is a whole number with a unit: ns, us, ms, s or m (e.g. 250us, 500ms, 2s, 1m).
            """;

    private static final Set<String> VALUED = Set.of("--method", "--style", "--deadline", "--context-deadline",
            "--calls", "--give-up", "--transport");
    private static final List<String> STYLES = List.of("blocking", "future", "async", "intercepted");

    String method = "hang";
    long methodNanos;
    List<String> styles = STYLES;
    long deadlineNanos;
    long contextDeadlineNanos;
    boolean inProcess;
    int calls = 1;
    long giveUpNanos = TimeUnit.SECONDS.toNanos(10);
    boolean help;

    static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        for (CommandLine.Option option : CommandLine.split(args, VALUED, Set.of("--help"))) {
            String name = option.name();
            String value = option.value();
            switch (name) {
                case "--help" -> o.help = true;
                case "--method" -> o.method(value);
                case "--style" -> {
                    if (!value.equals("all") && !STYLES.contains(value)) {
                        throw new UsageException("--style: unknown style '" + value + "' (use " + String.join(", ", STYLES) + " or all)");
                    }
                    o.styles = value.equals("all") ? STYLES : List.of(value);
                }
                case "--deadline" -> o.deadlineNanos = positiveDuration(name, value);
                case "--context-deadline" -> o.contextDeadlineNanos = positiveDuration(name, value);
                case "--calls" -> o.calls = count(name, value, 1);
                case "--transport" -> {
                    if (!value.equals("netty") && !value.equals("inprocess")) {
                        throw new UsageException("--transport: use netty or inprocess, got '" + value + "'");
                    }
                    o.inProcess = value.equals("inprocess");
                }
                case "--give-up" -> o.giveUpNanos = positiveDuration(name, value);
                default -> throw new AssertionError(name);
            }
        }
        if (o.method.equals("stream")) {
            o.styles = List.of("stream");
        }
        return o;
    }

    private void method(String value) throws UsageException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        switch (name) {
            case "hang", "relay" -> {
                if (colon >= 0) {
                    throw new UsageException("--method " + name + " takes no duration");
                }
            }
            case "delay", "stream" -> {
                if (colon < 0) {
                    throw new UsageException("--method " + name + " needs a duration, e.g. " + name + ":1500ms");
                }
                methodNanos = positiveDuration("--method " + name, value.substring(colon + 1));
            }
            default -> throw new UsageException("--method: unknown method '" + value + "' (use hang, delay:DUR, relay or stream:DUR)");
        }
        method = name;
    }
}
