package dev.punctual.it.reliability;

import dev.punctual.it.apps.LookAlikes;
import dev.punctual.it.support.Cli;
import dev.punctual.it.support.Javac;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Libraries other than the instrumentations were written for: a gRPC (1.0.0) whose ClientCallImpl has no
 * closeObserver, a Netty (4.1.68) whose HashedWheelTimeout has no run() and whose event loops have no
 * getCurrentTimeNanos(), and an application's own classes that bear the instrumented names with other
 * members. Each is left as it is, with one line, and the application runs as without the agent; the
 * look-alike whose shape fits but whose fields do not makes the probe fail on every run: counted each
 * time (status), said once. The apps are compiled here, against the releases they run on.
 */
class LibraryFaultsTest {
    static final int LOOK_ALIKE_RUNS = 100;
    static final Path OLD_GRPC = Path.of(System.getProperty("punctual.grpc.unsupported"));
    static final Path OLD_NETTY = Path.of(System.getProperty("punctual.netty.unsupported"));

    static Jvm.Result nettyBaseline;
    static Jvm.Result nettyOld;
    static Jvm.Result nettyCurrent;
    static Jvm.Result nettyCurrentBaseline;
    static Jvm.Result grpcBaseline;
    static Jvm.Result grpcOld;
    static Jvm.Result lookAlikesBaseline;
    static Jvm.Result lookAlikes;
    static String lookAlikesStatus;
    static Path nettyOldJfr;
    static Path nettyCurrentJfr;

    @BeforeAll
    static void runAll() throws Exception {
        String oldNettyJars = jars(OLD_NETTY);
        String currentNettyJar = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("netty-common-")).findFirst().orElseThrow();
        Path nettyApp = Javac.compile("reliability/old-netty", oldNettyJars);
        Path grpcApp = Javac.compile("reliability/old-grpc", jars(OLD_GRPC));
        Path grpcLookAlike = Javac.compile("reliability/grpc-lookalike", "");
        Path nettyLookAlikeFault = Javac.compile("reliability/netty-lookalike-fault", "");
        Path nettyLookAlikeShape = Javac.compile("reliability/netty-lookalike-shape", "");
        nettyOldJfr = Jvm.file("library-faults-netty-old.jfr");
        nettyCurrentJfr = Jvm.file("library-faults-netty-current.jfr");

        String every = "timers.lag.threshold=0";
        Jvm.Started nb = Jvm.named("library-faults-netty-baseline").classPath(nettyApp + File.pathSeparator + oldNettyJars, "oldlib.OldNetty").start();
        Jvm.Started no = Jvm.named("library-faults-netty-old").agent(every).recording(nettyOldJfr)
                .classPath(nettyApp + File.pathSeparator + oldNettyJars, "oldlib.OldNetty").start();
        // On JDK 25 the build's Netty prints sun.misc.Unsafe warnings of its own: its run has its own baseline.
        Jvm.Started ncb = Jvm.named("library-faults-netty-current-baseline")
                .classPath(nettyApp + File.pathSeparator + currentNettyJar, "oldlib.OldNetty").start();
        Jvm.Started nc = Jvm.named("library-faults-netty-current").agent(every).recording(nettyCurrentJfr)
                .classPath(nettyApp + File.pathSeparator + currentNettyJar, "oldlib.OldNetty").start();
        Jvm.Started gb = Jvm.named("library-faults-grpc-baseline").classPath(grpcApp + File.pathSeparator + jars(OLD_GRPC), "oldlib.OldGrpc").start();
        Jvm.Started go = Jvm.named("library-faults-grpc-old").agent("")
                .classPath(grpcApp + File.pathSeparator + jars(OLD_GRPC), "oldlib.OldGrpc").start();

        String[] lookAlikeArgs = {String.valueOf(LOOK_ALIKE_RUNS), "io.grpc.internal.ClientCallImpl=" + grpcLookAlike,
                "io.netty.util.HashedWheelTimer=" + nettyLookAlikeFault, "io.netty.util.HashedWheelTimer=" + nettyLookAlikeShape,
                "io.netty.util.concurrent.ScheduledFutureTask=" + nettyLookAlikeShape};
        Path noWait = Jvm.file("library-faults-lookalikes-baseline.stop");
        Files.writeString(noWait, "");
        Jvm.Started lb = Jvm.named("library-faults-lookalikes-baseline").main(LookAlikes.class, concat(noWait.toString(), lookAlikeArgs)).start();
        Path stop = Jvm.file("library-faults-lookalikes.stop");
        Jvm.Started la = Jvm.named("library-faults-lookalikes").agent("").main(LookAlikes.class, concat(stop.toString(), lookAlikeArgs)).start();

        la.awaitLine("ready", Duration.ofSeconds(60));
        Jvm.Result status = Cli.run("status", String.valueOf(la.process.pid())).assertExitCode(0);
        lookAlikesStatus = status.stdout;
        Files.writeString(stop, "");
        lookAlikes = la.await();
        lookAlikesBaseline = lb.await().assertExitCode(0);
        nettyBaseline = nb.await().assertExitCode(0);
        nettyOld = no.await();
        nettyCurrent = nc.await();
        nettyCurrentBaseline = ncb.await().assertExitCode(0);
        grpcBaseline = gb.await().assertExitCode(0);
        grpcOld = go.await();
    }

    private static String[] concat(String first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }

    private static String jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> jars = files.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
            assertTrue(!jars.isEmpty(), "the libraries are copied to " + dir);
            return String.join(File.pathSeparator, jars);
        }
    }

    @Test
    void anOlderNettyIsSkippedWithOneLineEachNotBroken() throws Exception {
        assertEquals("wheel timeouts fired: true\nevent loop ticks: true\nevent loop stopped: true\n", nettyBaseline.stdout);
        List<String> said = Invariants.assertUnchanged(nettyBaseline, nettyOld);
        assertEquals(2, said.size(), "one line for the wheel, one for the event loop: " + said);
        assertTrue(said.stream().anyMatch(l -> l.startsWith("punctual: cannot instrument io.netty.util.HashedWheelTimer$HashedWheelTimeout")
                && l.contains("it has no method run()V") && l.endsWith("timers: Netty HashedWheelTimer is not measured")), said.toString());
        assertTrue(said.stream().anyMatch(l -> l.startsWith("punctual: cannot read io.netty.util.concurrent.DefaultEventExecutor's clock")
                && l.endsWith("its tasks are not measured")), said.toString());
        assertEquals(Set.of(), nettyKinds(nettyOldJfr), "nothing measured wrongly");
        // The same app on the Netty of the build: both measured, nothing said.
        assertEquals(List.of(), Invariants.assertUnchanged(nettyCurrentBaseline, nettyCurrent));
        assertEquals(Set.of("HashedWheelTimer", "NettyEventLoop"), nettyKinds(nettyCurrentJfr));
    }

    private static Set<String> nettyKinds(Path jfr) throws IOException {
        return Recording.read(jfr).events("punctual.TimerLag").stream().map(e -> e.getString("timerKind"))
                .filter(k -> !k.equals("ScheduledThreadPoolExecutor") && !k.equals("java.util.Timer") && !k.equals("ForkJoinPool"))
                .collect(Collectors.toSet());
    }

    @Test
    void anOlderGrpcIsSkippedWithOneLineNotBroken() {
        assertEquals("echo call 0\necho call 1\necho call 2\necho call 3\necho call 4\nterminated: true true\n", grpcBaseline.stdout);
        List<String> said = Invariants.assertUnchanged(grpcBaseline, grpcOld);
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("punctual: cannot instrument io.grpc.internal.ClientCallImpl")
                && said.get(0).contains("it has no method closeObserver") && said.get(0).endsWith("grpc: client calls is not measured"), said.get(0));
    }

    @Test
    void lookAlikesAreSkippedOrTheirFaultsCountedAndSaidOnce() {
        assertTrue(lookAlikesBaseline.stdout.contains("timeouts run " + LOOK_ALIKE_RUNS), lookAlikesBaseline.stdout);
        List<String> said = Invariants.assertUnchanged(lookAlikesBaseline, lookAlikes);
        assertEquals(4, said.size(), String.join("\n", said));
        assertTrue(said.stream().anyMatch(l -> l.startsWith("punctual: cannot instrument io.grpc.internal.ClientCallImpl")
                && l.contains("it has no method effectiveDeadline()Lio/grpc/Deadline;")), said.toString());
        assertTrue(said.stream().anyMatch(l -> l.startsWith("punctual: cannot instrument io.netty.util.HashedWheelTimer$HashedWheelTimeout")
                && l.contains("it has no field deadline of the expected type")), said.toString());
        assertTrue(said.stream().anyMatch(l -> l.startsWith("punctual: cannot read io.netty.util.concurrent.ScheduledFutureTask's deadline")), said.toString());
        assertTrue(said.stream().anyMatch(l -> l.startsWith("punctual: internal fault in timers.netty.wheel (java.lang.IllegalArgumentException")
                && l.endsWith("the application is not affected, this is said once")), said.toString());
        // Counted on every run, said once.
        assertTrue(lookAlikesStatus.lines().anyMatch(l -> l.matches("\\s*internal faults\\s+" + LOOK_ALIKE_RUNS)), lookAlikesStatus);
        assertTrue(lookAlikesStatus.lines().anyMatch(l -> l.matches("\\s*grpc: client calls\\s+skipped: io.grpc.internal.ClientCallImpl: it has no method effectiveDeadline.*")),
                lookAlikesStatus);
        // The look-alike of the right shape was woven: its instrumentation is active, though another loader's was refused.
        assertTrue(lookAlikesStatus.lines().anyMatch(l -> l.matches("\\s*timers: Netty HashedWheelTimer\\s+active")), lookAlikesStatus);
    }
}
