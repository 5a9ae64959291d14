package dev.punctual.sample.grpc;

import dev.punctual.sample.common.Args;
import dev.punctual.sample.common.CommandLine;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * gRPC calls without a deadline: a local server whose methods hang, answer late or stream, and calls to
 * them in each client style, each printed with its outcome (its final status code) and duration.
 */
public final class GrpcApp {
    private GrpcApp() {
    }

    public static void main(String[] args) throws Exception {
        // gRPC's copy of Netty reaches for sun.misc.Unsafe and for native transports, which JDK 24+ warns
        // about on stderr; a loopback demo needs neither. Set before any Netty class loads.
        System.setProperty("io.grpc.netty.shaded.io.netty.noUnsafe", "true");
        System.setProperty("io.grpc.netty.shaded.io.netty.transport.noNative", "true");
        Options options = CommandLine.optionsOrExit("grpc", args, Options::parse, o -> o.help, Options.USAGE);
        if (options == null) {
            return;
        }
        System.out.println("grpc: pid " + ProcessHandle.current().pid());
        SlowService service = new SlowService();
        Server server;
        ManagedChannel channel;
        if (options.inProcess) {
            String name = "punctual-sample-" + ProcessHandle.current().pid();
            server = InProcessServerBuilder.forName(name).addService(service.definition()).build().start();
            channel = InProcessChannelBuilder.forName(name).build();
            System.out.println("grpc: server in-process " + name);
        } else {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service.definition()).build().start();
            channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", server.getPort())).usePlaintext().build();
            System.out.println("grpc: server 127.0.0.1:" + server.getPort());
        }
        service.callingItself(channel);
        System.out.flush();

        MethodDescriptor<String, String> method = switch (options.method) {
            case "hang" -> SlowService.HANG;
            case "delay" -> SlowService.DELAY;
            case "relay" -> SlowService.RELAY;
            default -> SlowService.STREAM;
        };
        String request = Long.toString(TimeUnit.NANOSECONDS.toMillis(options.methodNanos));
        int ok = 0;
        int total = 0;
        for (String style : options.styles) {
            for (int i = 0; i < options.calls; i++) {
                long deadline = options.deadlineNanos;
                Callable<Integer> call = switch (style) {
                    case "blocking" -> () -> Calls.blocking(channel, method, callOptions(deadline), request);
                    case "future" -> () -> Calls.future(channel, method, callOptions(deadline), request);
                    case "async" -> () -> Calls.async(channel, method, callOptions(deadline), request);
                    case "intercepted" -> () -> Calls.intercepted(channel, method, callOptions(deadline), request);
                    default -> () -> Calls.serverStream(channel, method, callOptions(deadline), request);
                };
                String line = run(style, withContextDeadline(call, options.contextDeadlineNanos), options.giveUpNanos);
                total++;
                ok += line.contains(" outcome=OK ") ? 1 : 0;
                System.out.println("call style=" + style + " method=" + method.getFullMethodName()
                        + " deadline=" + (options.deadlineNanos == 0 ? "none" : Args.format(options.deadlineNanos))
                        + " context-deadline=" + (options.contextDeadlineNanos == 0 ? "none" : Args.format(options.contextDeadlineNanos))
                        + line);
                System.out.flush();
            }
        }
        System.out.println("grpc: " + total + " calls, " + ok + " ok");
        System.out.flush();
        channel.shutdownNow();
        server.shutdownNow();
        System.exit(0); // calls given up on may still be blocked
    }

    /** A deadline is a point in time: each call gets its own, counted from when the call is made. */
    private static CallOptions callOptions(long deadlineNanos) {
        return deadlineNanos == 0 ? CallOptions.DEFAULT : CallOptions.DEFAULT.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS);
    }

    private static Callable<Integer> withContextDeadline(Callable<Integer> call, long nanos) {
        if (nanos == 0) {
            return call;
        }
        return () -> Context.current().withDeadlineAfter(nanos, TimeUnit.NANOSECONDS, SlowServiceTimer.INSTANCE).call(call);
    }

    /** Runs one call on a daemon thread of its own, waiting at most the give-up time. */
    private static String run(String style, Callable<Integer> call, long giveUpNanos) throws InterruptedException {
        FutureTask<Integer> task = new FutureTask<>(call);
        Thread thread = new Thread(task, "grpc-call-" + style);
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        String outcome;
        int messages = 0;
        try {
            messages = task.get(giveUpNanos, TimeUnit.NANOSECONDS);
            outcome = "OK";
        } catch (ExecutionException e) {
            outcome = Status.fromThrowable(e.getCause()).getCode().name();
        } catch (TimeoutException e) {
            outcome = "hung";
            thread.interrupt();
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return " outcome=" + outcome + " elapsed=" + elapsed + "ms messages=" + messages;
    }
}
