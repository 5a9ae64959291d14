package dev.punctual.it.apps;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * An application that does to its schedulers what applications do by mistake, and checks that nothing of
 * Punctual's reaches it: every exception it sees (caught, from a Future, or uncaught in any thread) is
 * searched for a dev.punctual frame, and one found is printed as a LEAK line, which the tests' comparison
 * with a run without the agent then shows. Its output is deterministic. Scenarios (first argument):
 * <ul>
 *   <li>{@code tasks}: a one-shot and a periodic task that throw, a task that blocks forever, tasks
 *   that interrupt their own thread (on a pool and a Timer), a Timer killed by its task, a delayed
 *   CompletableFuture that throws, shutdownNow with tasks in flight, then System.exit(3) with
 *   non-daemon scheduler threads still running and one blocked for good;</li>
 *   <li>{@code churn ROUNDS HISTOGRAM_FILE}: short-lived schedulers, Timers and class loaders, ROUNDS
 *   times each, a heap histogram after a third of them and after all (written to the file);</li>
 *   <li>{@code targets CALLS HISTOGRAM_FILE}: HTTP calls without a timeout to CALLS different targets
 *   (127.0.x.y, all loopback, to a server of its own), a heap histogram after half of them and after
 *   all;</li>
 *   <li>{@code pressure}: on a small heap, allocation until OutOfMemoryError while schedulers tick, then
 *   recovery: what the application sees of it must be the same with the agent.</li>
 *   <li>{@code full-heap-fault DIRECTORY}: a pool's task, a Timer's task and a timeout of a Netty
 *   look-alike (compiled in DIRECTORY) run on a heap filled to its last bytes, where each probe meets
 *   its first fault: nothing may be thrown into the application, and each task must run.</li>
 * </ul>
 */
public final class FaultyHost {
    private static final String PUNCTUAL = "dev.punctual.";
    /**
     * Exceptions that ended a thread, printed by main at a set point: their threads race with it. Kept
     * without allocating: under memory pressure a handler that allocates fails itself, and the JVM then
     * prints "Exception: java.lang.OutOfMemoryError thrown from the UncaughtExceptionHandler", which
     * depends only on when the heap ran out (one CI run caught it). No VarHandle either: its first use
     * links code on the heap.
     */
    private static final Thread[] UNCAUGHT_THREADS = new Thread[256];
    private static final Throwable[] UNCAUGHT_ERRORS = new Throwable[256];
    private static int uncaughtCount;

    /** An exception that ended a thread; the thread's name with its counters masked: "pool-N-thread-N". */
    private record Uncaught(String thread, Throwable e) {
    }

    private static synchronized void keepUncaught(Thread t, Throwable e) {
        if (uncaughtCount < UNCAUGHT_THREADS.length) {
            UNCAUGHT_THREADS[uncaughtCount] = t;
            UNCAUGHT_ERRORS[uncaughtCount] = e;
            uncaughtCount++;
        }
    }

    /** @return the exceptions kept so far, and forgets them */
    private static synchronized List<Uncaught> takeUncaught() {
        List<Uncaught> taken = new ArrayList<>();
        for (int i = 0; i < uncaughtCount; i++) {
            taken.add(new Uncaught(UNCAUGHT_THREADS[i].getName().replaceAll("\\d+", "N"), UNCAUGHT_ERRORS[i]));
            UNCAUGHT_THREADS[i] = null;
            UNCAUGHT_ERRORS[i] = null;
        }
        uncaughtCount = 0;
        return taken;
    }

    private static synchronized int uncaughtCount() {
        return uncaughtCount;
    }

    public static void main(String[] args) throws Exception {
        Thread.setDefaultUncaughtExceptionHandler(FaultyHost::keepUncaught);
        switch (args[0]) {
            case "tasks":
                tasks();
                break;
            case "churn":
                churn(Integer.parseInt(args[1]), Path.of(args[2]));
                break;
            case "targets":
                targets(Integer.parseInt(args[1]), Path.of(args[2]));
                break;
            case "pressure":
                pressure();
                break;
            case "full-heap-fault":
                fullHeapFault(Path.of(args[1]));
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    /** Prints what the application saw (unless {@code what} is empty), and a LEAK line for each frame of Punctual's in it. */
    public static void check(String what, Throwable e) {
        if (!what.isEmpty()) {
            System.out.println(what + ": " + e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().startsWith(PUNCTUAL) && !f.getClassName().startsWith("dev.punctual.it.")) {
                    System.out.println("LEAK " + what + ": " + f);
                }
            }
            for (Throwable s : t.getSuppressed()) {
                check(what + " suppressed", s);
            }
        }
    }

    private static void tasks() throws Exception {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2);

        ScheduledFuture<?> oneShot = pool.schedule(() -> {
            throw new IllegalStateException("one-shot failure");
        }, 2, TimeUnit.MILLISECONDS);
        await("one-shot", oneShot);

        AtomicInteger periodicRuns = new AtomicInteger();
        ScheduledFuture<?> periodic = pool.scheduleAtFixedRate(() -> {
            if (periodicRuns.incrementAndGet() == 3) {
                throw new IllegalArgumentException("periodic failure on run 3");
            }
        }, 1, 1, TimeUnit.MILLISECONDS);
        await("periodic", periodic);
        System.out.println("periodic runs: " + periodicRuns.get());

        AtomicInteger interrupting = new AtomicInteger();
        CountDownLatch fiveInterrupts = new CountDownLatch(5);
        ScheduledFuture<?> selfInterrupting = pool.scheduleWithFixedDelay(() -> {
            interrupting.incrementAndGet();
            Thread.currentThread().interrupt();
            fiveInterrupts.countDown();
        }, 1, 1, TimeUnit.MILLISECONDS);
        System.out.println("self-interrupting task ran 5 times: " + fiveInterrupts.await(20, TimeUnit.SECONDS));
        selfInterrupting.cancel(false);
        System.out.println("pool still runs tasks: " + pool.schedule(() -> "yes", 1, TimeUnit.MILLISECONDS).get(20, TimeUnit.SECONDS));

        Timer timer = new Timer("faulty-timer");
        CountDownLatch timerInterrupts = new CountDownLatch(3);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                Thread.currentThread().interrupt();
                timerInterrupts.countDown();
            }
        }, 1, 1);
        System.out.println("self-interrupting timer task ran 3 times: " + timerInterrupts.await(20, TimeUnit.SECONDS));
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                throw new IllegalStateException("timer task failure");
            }
        }, 5);
        System.out.println("timer killed: " + awaitTimerDeath(timer));
        printUncaught(1);

        CompletableFuture<Void> delayed = CompletableFuture.runAsync(() -> {
            throw new UnsupportedOperationException("delayed failure");
        }, CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS));
        try {
            delayed.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            check("delayed", e.getCause());
        }

        // Blocks for good, ignoring interrupts: it holds its (non-daemon) thread until the JVM exits.
        CountDownLatch blockedStarted = new CountDownLatch(1);
        ScheduledThreadPoolExecutor stuck = new ScheduledThreadPoolExecutor(1);
        stuck.schedule(() -> {
            blockedStarted.countDown();
            CountDownLatch never = new CountDownLatch(1);
            while (true) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // ignored on purpose: a task that will not stop
                }
            }
        }, 1, TimeUnit.MILLISECONDS);
        System.out.println("blocked task started: " + blockedStarted.await(20, TimeUnit.SECONDS));

        // shutdownNow with one task running and others waiting: the running one is interrupted, the
        // waiting ones are handed back.
        ScheduledThreadPoolExecutor busy = new ScheduledThreadPoolExecutor(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        busy.schedule(() -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }, 1, TimeUnit.MILLISECONDS);
        for (int i = 0; i < 10; i++) {
            busy.schedule(() -> { }, 1 + i, TimeUnit.HOURS);
        }
        running.await(20, TimeUnit.SECONDS);
        System.out.println("shutdownNow handed back: " + busy.shutdownNow().size());
        System.out.println("terminated: " + busy.awaitTermination(20, TimeUnit.SECONDS));
        System.out.println("in-flight task interrupted: " + interrupted.await(0, TimeUnit.SECONDS));
        stuck.shutdownNow();
        System.out.println("stuck pool terminated: " + stuck.awaitTermination(200, TimeUnit.MILLISECONDS));

        // Non-daemon scheduler threads still busy (a fixed-rate tick, the task blocked for good): the
        // JVM must exit with the application's own code, its output complete.
        ScheduledExecutorService ticking = Executors.newSingleThreadScheduledExecutor();
        ticking.scheduleAtFixedRate(() -> { }, 0, 1, TimeUnit.MILLISECONDS);
        printUncaught(1);
        System.out.println("exiting with 3");
        System.exit(3);
    }

    /** Waits (bounded) for the uncaught exceptions expected so far, then prints every one. */
    private static void printUncaught(int expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (uncaughtCount() < expected && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        List<Uncaught> uncaught = takeUncaught();
        System.out.println("uncaught exceptions: " + uncaught.size());
        for (Uncaught u : uncaught) {
            check("uncaught in " + u.thread, u.e);
        }
    }

    /**
     * Under memory pressure the JDK's own code fails in ways that vary from run to run, with or without an
     * agent. Seen without Punctual: an OutOfMemoryError ending a pool thread between tasks, a pool's lock
     * left broken (an IllegalMonitorStateException in its queue's take), JFR's periodic-task thread ended.
     * Those are checked for Punctual's frames, not counted. The threads that no run without an agent
     * loses are: main, the Timer's (its task allocates nothing, its loop nothing) and Punctual's own. Their
     * deaths are printed.
     */
    private static void printDeathsOfThreadsThatLive() {
        int deaths = 0;
        for (Uncaught u : takeUncaught()) {
            boolean lives = u.thread.equals("main") || u.thread.equals("pressure-timer") || u.thread.startsWith("punctual-");
            if (!lives) {
                check("", u.e); // prints nothing unless Punctual's frames are in it
                continue;
            }
            deaths++;
            check("uncaught in " + u.thread, u.e);
        }
        System.out.println("threads ended that live without an agent: " + deaths);
    }

    private static void await(String what, ScheduledFuture<?> f) throws Exception {
        try {
            f.get(20, TimeUnit.SECONDS);
            System.out.println(what + ": completed");
        } catch (ExecutionException e) {
            check(what, e.getCause());
        }
    }

    /** A Timer whose task threw refuses new tasks: how the application learns of it. */
    private static boolean awaitTimerDeath(Timer timer) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            try {
                timer.schedule(new TimerTask() {
                    @Override
                    public void run() {
                    }
                }, 60_000);
            } catch (IllegalStateException e) {
                check("timer", e);
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private static void churn(int rounds, Path histogramFile) throws Exception {
        StringBuilder histograms = new StringBuilder();
        long executed = 0;
        for (int i = 0; i < rounds; i++) {
            executed += oneRound(i);
            if (i + 1 == rounds / 3) {
                histograms.append("after ").append(i + 1).append('\n').append(histogram());
            }
        }
        histograms.append("after ").append(rounds).append('\n').append(histogram());
        Files.writeString(histogramFile, histograms);
        System.out.println("rounds " + rounds + ", tasks run " + executed);
    }

    /** Each call to another target: its own host name among 127.0.0.0/8, which Linux routes to loopback. */
    private static void targets(int calls, Path histogramFile) throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        StringBuilder histograms = new StringBuilder();
        int answered = 0;
        try {
            int port = server.getAddress().getPort();
            for (int i = 0; i < calls; i++) {
                answered += call("127.0." + (1 + i / 250) + "." + (1 + i % 250), port);
                if (i + 1 == calls / 2 || i + 1 == calls) {
                    // Side tables keyed weakly by connection drop an entry as they are next used after the
                    // connection is collected: a collection, then one more call to the first target.
                    System.gc();
                    Thread.sleep(200);
                    call("127.0.1.1", port);
                    histograms.append("after ").append(i + 1).append('\n').append(histogram());
                }
            }
        } finally {
            server.stop(0);
        }
        Files.writeString(histogramFile, histograms);
        System.out.println("targets called " + calls + ", answered " + answered);
    }

    /** @return 1 if the call was answered as it should be */
    private static int call(String host, int port) throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL("http://" + host + ":" + port + "/").openConnection();
        try {
            return c.getResponseCode() == 204 ? 1 : 0;
        } finally {
            c.disconnect();
        }
    }

    /** A scheduler, a Timer and a class loader, each used once and dropped. */
    private static int oneRound(int i) throws Exception {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
        Runnable task = (Runnable) new OneClassLoader().loadClass(Tick.class.getName()).getDeclaredConstructor().newInstance();
        pool.schedule(task, 0, TimeUnit.MILLISECONDS).get(20, TimeUnit.SECONDS);
        pool.scheduleAtFixedRate(task, 0, 1, TimeUnit.MILLISECONDS);
        pool.shutdown(); // the periodic task stops at shutdown
        pool.awaitTermination(20, TimeUnit.SECONDS);
        if (i % 10 == 0) {
            Timer timer = new Timer("churn-timer-" + i);
            CountDownLatch ran = new CountDownLatch(1);
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    ran.countDown();
                }
            }, 0);
            ran.await(20, TimeUnit.SECONDS);
            timer.cancel();
        }
        return 1;
    }

    /**
     * The live objects' histogram after a full GC, as jcmd GC.class_histogram prints it; taken after a GC
     * and a pause of 400 ms, so that a side table that drops collected entries periodically (the tests run
     * 100 ms summaries) has had the chance to.
     */
    private static String histogram() throws Exception {
        System.gc();
        Thread.sleep(400);
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[]{new String[0]}, new String[]{String[].class.getName()});
    }

    /** A task class of its own loader, so that each round's loader can only be freed if nothing holds the task. */
    public static final class Tick implements Runnable {
        @Override
        public void run() {
        }
    }

    /** Defines {@link Tick} anew; delegates everything else. */
    static final class OneClassLoader extends ClassLoader {
        OneClassLoader() {
            super(FaultyHost.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Tick.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = FaultyHost.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    /**
     * Fills the heap to OutOfMemoryError while a scheduler ticks every millisecond and a Timer too, lets
     * it go, and does it again: the application catches each error and goes on, as the ones that survive
     * such moments do. What it sees must not change with the agent: no error of the agent's, no thread of
     * its dying loudly, the same rounds completed.
     */
    private static void pressure() throws Exception {
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);
        AtomicInteger ticks = new AtomicInteger();
        pool.scheduleAtFixedRate(ticks::incrementAndGet, 0, 1, TimeUnit.MILLISECONDS);
        pool.scheduleWithFixedDelay(() -> new byte[64 * 1024].hashCode(), 0, 1, TimeUnit.MILLISECONDS);
        Timer timer = new Timer("pressure-timer", true);
        timer.scheduleAtFixedRate(new TimerTask() {
            @Override
            public void run() {
                ticks.incrementAndGet();
            }
        }, 0, 1);
        int ooms = 0;
        for (int round = 0; round < 5; round++) {
            List<byte[]> hog = new ArrayList<>();
            try {
                while (true) {
                    hog.add(new byte[256 * 1024 + ThreadLocalRandom.current().nextInt(1024)]);
                }
            } catch (OutOfMemoryError e) {
                hog = null;
                ooms++;
            }
            Thread.sleep(20); // the schedulers run on with the heap free again
        }
        int before = ticks.get();
        Thread.sleep(100);
        System.out.println("out-of-memory rounds survived: " + ooms);
        System.out.println("schedulers still tick: " + (ticks.get() > before));
        // Not printed: a pool whose lock the JDK's code broke on the full heap does not terminate, with
        // or without an agent.
        pool.shutdownNow();
        pool.awaitTermination(20, TimeUnit.SECONDS);
        printDeathsOfThreadsThatLive();
    }

    private static Object fullHeap;
    private static volatile boolean heapFull;
    private static volatile boolean poolTaskRan;
    private static volatile boolean timerTaskRan;

    /**
     * Each probe meets its first fault on a full heap: the pool's and the Timer's (every execution an event
     * with timers.lag.threshold=0, which no longer fits), and a Netty look-alike's (a timer class it has not
     * seen, whose fields it reads then). Each kind runs once on a heap with room, so that only the fault's
     * own handling is new. The pool's thread and the Timer's are held by a task that waits for the heap to
     * be full; the task behind it, due by then, runs at once.
     */
    private static void fullHeapFault(Path lookAlike) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[]{lookAlike.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        AtomicInteger ran = new AtomicInteger();
        Runnable task = ran::incrementAndGet;
        Runnable[] timeouts = (Runnable[]) Class.forName("io.netty.util.HashedWheelTimer", true, loader)
                .getMethod("timeouts", Runnable.class).invoke(null, task);
        timeouts[0].run();

        // The JDK's own code links on a task's first run too (FutureTask.set's VarHandle): each scheduler
        // runs its tasks' code once on the heap with room. Without that, the pool's thread ends on the full
        // heap without any agent.
        Runnable poolTask = () -> poolTaskRan = true;
        TimerTask timerTask = new TimerTask() {
            @Override
            public void run() {
                timerTaskRan = true;
            }
        };
        poolTask.run();
        timerTask.run();
        poolTaskRan = false;
        timerTaskRan = false;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
        pool.schedule(() -> { }, 1, TimeUnit.MILLISECONDS).get();
        Timer timer = new Timer("full-heap-timer", true);
        CountDownLatch timerWarm = new CountDownLatch(1);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                timerWarm.countDown();
            }
        }, 1);
        timerWarm.await();

        CountDownLatch holding = new CountDownLatch(2);
        pool.schedule(() -> holdUntilTheHeapIsFull(holding), 1, TimeUnit.MILLISECONDS);
        pool.schedule(poolTask, 2, TimeUnit.MILLISECONDS);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                holdUntilTheHeapIsFull(holding);
            }
        }, 1);
        timer.schedule(timerTask, 2);
        holding.await();

        // A first call links on the heap, which will be full: every call made then is made once here.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Thread.onSpinWait();
        boolean tasksRan = poolTaskRan | timerTaskRan;
        // Held in a field: a local that is not read again is no GC root, even in the interpreter.
        fullHeap = fillHeap();
        heapFull = true;
        Throwable thrown = null;
        try {
            timeouts[1].run();
        } catch (Throwable t) {
            thrown = t;
        }
        while (!(poolTaskRan & timerTaskRan) && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        fullHeap = null;
        System.out.println("look-alike timeouts run: " + ran.get());
        System.out.println("thrown into the application on a full heap: " + (thrown == null ? "nothing" : thrown));
        System.out.println("pool task ran on a full heap: " + (poolTaskRan && !tasksRan));
        System.out.println("timer task ran on a full heap: " + (timerTaskRan && !tasksRan));
        pool.shutdownNow();
        timer.cancel();
    }

    private static void holdUntilTheHeapIsFull(CountDownLatch holding) {
        holding.countDown();
        while (!heapFull) {
            Thread.onSpinWait();
        }
    }

    /** @return a chain of arrays that fills the heap to its last bytes; allocates no garbage on the way */
    private static Object[] fillHeap() {
        Object[] head = null;
        try {
            while (true) {
                head = new Object[]{head, new byte[1024]};
            }
        } catch (OutOfMemoryError e) {
            // the large ones no longer fit: the small ones fill what is left
        }
        try {
            while (true) {
                head = new Object[]{head};
            }
        } catch (OutOfMemoryError e) {
            return head;
        }
    }
}
