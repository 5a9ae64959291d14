package dev.punctual.sample.budget;

import com.sun.net.httpserver.HttpServer;
import dev.punctual.sample.common.Args;
import dev.punctual.sample.common.CommandLine;
import dev.punctual.sample.common.UsageException;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A front service whose callers give up after a deadline (1 s), and whose handler hands its work to
 * other threads (an executor, a scheduler, a ForkJoinPool, CompletableFuture stages) that call slow
 * backends (HTTP and gRPC, answering after 3 s) with timeouts of their own (2.5 s). Each call prints how
 * long it took and how long after the caller gave up it ended: without a budget that follows the work,
 * every call runs to its own timeout, long after anybody waits for its answer.
 */
public final class BudgetApp {
    static final String USAGE = """
            usage: budget [options]
              --front F        grpc (a gRPC call's deadline), jdk-http or servlet (a header naming the
                               caller's remaining milliseconds); comma-separated (default grpc)
              --hops H         execute, submit, invoke-all, schedule, fork-join, async, comma-separated (default all)
              --clients C      http-client, url-connection, grpc, comma-separated (default all)
              --deadline D     how long the callers wait (default 1s)
              --backend-delay D  how late the backends answer (default 3s)
              --timeout D      each outbound call's own timeout (default 2500ms)
              --header NAME    the header the HTTP fronts read (default X-Request-Timeout)
              --late           also call once the caller's deadline has passed
              --reuse          also hand calls to single-thread executors, then, once every caller has
                               given up, unrelated work (a call answered after 300 ms) to the same threads
              --help
            """;
    static final MethodDescriptor<String, String> HANDLE = Backends.unary("punctual.sample.Front", "Handle");

    private static Backends backends;
    private static long backendDelay;
    private static long ownTimeout;
    private static CountDownLatch pending;
    private static CountDownLatch warming;
    private static final String WARM_UP = "warm-up";
    private static final AtomicLong LONGEST_AFTER = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong MAX_OVERSLEEP = new AtomicLong();

    private BudgetApp() {
    }

    record Options(List<String> fronts, List<Hop> hops, List<Client> clients, long deadline, long backendDelay,
                   long timeout, String header, boolean late, boolean reuse, boolean help) {
        static Options parse(String[] args) throws UsageException {
            List<String> fronts = List.of("grpc");
            List<Hop> hops = Hop.MANY_THREADS;
            List<Client> clients = List.of(Client.values());
            long deadline = 1000, delay = 3000, timeout = 2500;
            String header = "X-Request-Timeout";
            boolean late = false, reuse = false, help = false;
            for (CommandLine.Option o : CommandLine.split(args,
                    Set.of("--front", "--hops", "--clients", "--deadline", "--backend-delay", "--timeout", "--header"),
                    Set.of("--late", "--reuse", "--help"))) {
                try {
                    switch (o.name()) {
                        case "--front" -> fronts = List.of(o.value().split(","));
                        case "--hops" -> hops = List.of(o.value().split(",")).stream().map(Hop::of).toList();
                        case "--clients" -> clients = List.of(o.value().split(",")).stream().map(Client::of).toList();
                        case "--deadline" -> deadline = millis(o);
                        case "--backend-delay" -> delay = millis(o);
                        case "--timeout" -> timeout = millis(o);
                        case "--header" -> header = o.value();
                        case "--late" -> late = true;
                        case "--reuse" -> reuse = true;
                        default -> help = true;
                    }
                } catch (IllegalArgumentException e) {
                    throw new UsageException(o.name() + ": unknown value '" + o.value() + "' (see --help)");
                }
            }
            for (String f : fronts) {
                if (!Set.of("grpc", "jdk-http", "servlet").contains(f)) {
                    throw new UsageException("--front: unknown front '" + f + "' (see --help)");
                }
            }
            return new Options(fronts, hops, clients, deadline, delay, timeout, header, late, reuse, help);
        }

        private static long millis(CommandLine.Option o) throws UsageException {
            return TimeUnit.NANOSECONDS.toMillis(Args.duration(o.name(), o.value()));
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("io.grpc.netty.shaded.io.netty.noUnsafe", "true");
        System.setProperty("io.grpc.netty.shaded.io.netty.transport.noNative", "true");
        System.setProperty("org.eclipse.jetty.LEVEL", "WARN");
        Options options = CommandLine.optionsOrExit("budget", args, Options::parse, Options::help, USAGE);
        if (options == null) {
            return;
        }
        backendDelay = options.backendDelay();
        ownTimeout = options.timeout();
        backends = new Backends(options.header());
        List<Supplier<Runnable>> calls = new ArrayList<>();
        List<Runnable> warmUps = new ArrayList<>();
        for (String front : options.fronts()) {
            Caller caller = switch (front) {
                case "grpc" -> grpcFront();
                case "jdk-http" -> jdkHttpFront(options.header());
                default -> servletFront(options.header());
            };
            for (Client client : options.clients()) {
                // One unhurried request through the front per client, answered at once: its first pass
                // through the front, the hop and the call is not one of the timed ones.
                String work = Hop.EXECUTE.label + " " + client.label + " false " + front + " " + WARM_UP;
                warmUps.add(() -> caller.call(work, 10_000, options.header()));
            }
            for (Hop hop : options.hops()) {
                for (Client client : options.clients()) {
                    for (boolean late : options.late() ? List.of(false, true) : List.of(false)) {
                        String work = hop.label + " " + client.label + " " + late + " " + front;
                        calls.add(() -> () -> caller.call(work, options.deadline(), options.header()));
                    }
                }
            }
            if (options.reuse()) {
                for (Hop hop : Hop.ONE_THREAD) {
                    String work = hop.label + " " + Client.HTTP_CLIENT.label + " false " + front;
                    calls.add(() -> () -> caller.call(work, options.deadline(), options.header()));
                }
            }
        }
        for (Client c : Client.values()) {
            // Each client's first call, and first timeout, load and set up classes: the timed calls come after.
            c.call(backends, 0, ownTimeout);
            c.call(backends, 200, 50);
        }
        warming = new CountDownLatch(warmUps.size());
        for (Runnable w : warmUps) {
            w.run();
        }
        warming.await(10, TimeUnit.SECONDS);
        System.out.printf("budget: %d calls, callers wait %d ms, backends answer after %d ms, calls time out after %d ms%n",
                calls.size(), options.deadline(), backendDelay, ownTimeout);
        pending = new CountDownLatch(calls.size());
        Thread noise = new Thread(BudgetApp::measureOversleep, "oversleep");
        noise.setDaemon(true);
        noise.start();
        for (Supplier<Runnable> c : calls) {
            // One request every 25 ms, as traffic comes, rather than every deadline at the same instant.
            c.get().run();
            Thread.sleep(25);
        }
        boolean all = pending.await(backendDelay + ownTimeout + options.deadline() + 5000, TimeUnit.MILLISECONDS);
        System.out.printf("summary calls=%d finished=%s longest-after-deadline=%dms max-oversleep=%dms%n", calls.size(), all,
                LONGEST_AFTER.get(), MAX_OVERSLEEP.get());
        if (options.reuse()) {
            unrelatedWork();
        }
        System.out.flush();
        System.exit(0);
    }

    /** Sends one request to a front: the caller gives up after {@code deadlineMillis}. */
    interface Caller {
        void call(String work, long deadlineMillis, String header);
    }

    /**
     * What every front's handler does: hands the call to the hop's thread and waits for it. Prints the
     * call's outcome, how long it took, and how long after the caller's deadline it ended.
     */
    static void handle(String work, long deadlineAt) {
        String[] w = work.split(" ");
        Hop hop = Hop.of(w[0]);
        Client client = Client.of(w[1]);
        boolean late = Boolean.parseBoolean(w[2]);
        CountDownLatch done = new CountDownLatch(1);
        if (w.length > 4 && w[4].equals(WARM_UP)) {
            try {
                hop.hand(() -> {
                    client.call(backends, 0, ownTimeout);
                    done.countDown();
                    warming.countDown();
                });
                done.await(ownTimeout + 5000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        Runnable task = () -> {
            try {
                if (late) {
                    sleepUntil(deadlineAt + TimeUnit.MILLISECONDS.toNanos(20));
                }
                long start = System.nanoTime();
                String outcome = client.call(backends, backendDelay, ownTimeout);
                long end = System.nanoTime();
                long after = TimeUnit.NANOSECONDS.toMillis(end - deadlineAt);
                LONGEST_AFTER.accumulateAndGet(after, Math::max);
                System.out.printf("call front=%s hop=%s client=%s late=%s outcome=%s elapsed=%dms after-deadline=%dms thread=%s%n",
                        w[3], hop.label, client.label, late, outcome, TimeUnit.NANOSECONDS.toMillis(end - start), after,
                        Thread.currentThread().getName());
            } finally {
                done.countDown();
                pending.countDown();
            }
        };
        try {
            hop.hand(task);
            done.await(backendDelay + ownTimeout + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Work no request asked for, on the single threads that ran budgeted calls: it has no deadline but
     * its own, and its call answers after 300 ms.
     */
    private static void unrelatedWork() throws InterruptedException {
        for (Hop hop : Hop.ONE_THREAD) {
            CountDownLatch done = new CountDownLatch(1);
            hop.hand(() -> {
                long start = System.nanoTime();
                String outcome = Client.HTTP_CLIENT.call(backends, 300, ownTimeout);
                System.out.printf("unrelated hop=%s client=%s outcome=%s elapsed=%dms thread=%s%n", hop.label,
                        Client.HTTP_CLIENT.label, outcome, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                        Thread.currentThread().getName());
                done.countDown();
            });
            done.await(ownTimeout + 5000, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * How late the machine wakes this app's threads: a 5 ms sleep, again and again, and the most it
     * overslept. A call cannot end closer to its deadline than its thread can be woken.
     */
    private static void measureOversleep() {
        while (true) {
            long start = System.nanoTime();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
            long over = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) - 5;
            MAX_OVERSLEEP.accumulateAndGet(over, Math::max);
        }
    }

    static void sleepUntil(long nanoTime) {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Caller grpcFront() throws IOException {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerServiceDefinition.builder("punctual.sample.Front")
                        .addMethod(HANDLE, ServerCalls.asyncUnaryCall((request, response) -> {
                            Deadline d = Context.current().getDeadline();
                            handle(request, System.nanoTime() + d.timeRemaining(TimeUnit.NANOSECONDS));
                            try {
                                response.onNext("done");
                                response.onCompleted();
                            } catch (RuntimeException e) {
                                // the caller gave up long ago
                            }
                        }))
                        .build())
                .build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", server.getPort()))
                .usePlaintext().build();
        return (work, deadline, header) -> ClientCalls.futureUnaryCall(
                channel.newCall(HANDLE, CallOptions.DEFAULT.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)), work);
    }

    private static final HttpClient CALLER = HttpClient.newHttpClient();

    /** An HTTP caller: its remaining time in the header, and its own timeout set to it. */
    private static Caller httpCaller(URI front) {
        return (work, deadline, header) -> CALLER.sendAsync(HttpRequest.newBuilder(front)
                .header(header, Long.toString(deadline)).header("X-Work", work)
                .timeout(Duration.ofMillis(deadline)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** The caller's deadline, as the front reads the header as the request arrives. */
    private static long deadlineAt(String value) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(value));
    }

    private static Caller jdkHttpFront(String header) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ExecutorService handlers = Executors.newCachedThreadPool(Backends.daemon("jdk-http-front"));
        server.setExecutor(handlers);
        server.createContext("/front", exchange -> {
            handle(exchange.getRequestHeaders().getFirst("X-Work"), deadlineAt(exchange.getRequestHeaders().getFirst(header)));
            try {
                exchange.sendResponseHeaders(204, -1);
            } catch (IOException e) {
                // the caller gave up long ago
            } finally {
                exchange.close();
            }
        });
        server.start();
        return httpCaller(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/front"));
    }

    private static Caller servletFront(String header) throws Exception {
        org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server(
                new org.eclipse.jetty.util.thread.QueuedThreadPool(200, 8));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                handle(request.getHeader("X-Work"), deadlineAt(request.getHeader(header)));
                response.setStatus(204);
            }
        }), "/front");
        server.setHandler(context);
        server.start();
        return httpCaller(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/front"));
    }

}
