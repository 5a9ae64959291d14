package dev.punctual.sample.heartbeat;

import dev.punctual.sample.common.Args;
import dev.punctual.sample.common.CpuLoad;
import dev.punctual.sample.common.Stall;
import dev.punctual.sample.common.CommandLine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * False deaths from timer lag: a heartbeat sent every interval by a fixed-rate task, a peer that
 * declares the link dead after a timeout of silence, and (with {@code --load stall}) a task on the
 * sender's own executor that holds its only thread long enough for a heartbeat to start late. The
 * sender never stops, so every death the peer prints is false; a recording with Punctual shows the
 * wake-up lag of the heartbeat that caused it.
 */
public final class Heartbeat {

    private Heartbeat() {
    }

    public static void main(String[] args) {
        Options options = CommandLine.optionsOrExit("heartbeat", args, Options::parse, o -> o.help, Options.USAGE);
        if (options == null) {
            return;
        }
        run(options);
    }

    private static void run(Options options) {
        System.out.println("heartbeat: pid " + ProcessHandle.current().pid());
        System.out.printf("heartbeat: interval %s, timeout %s, load %s, cpu-load %d, for %s%n",
                Args.format(options.intervalNanos), Args.format(options.timeoutNanos), options.loadText(),
                options.cpuLoadThreads, Args.format(options.durationNanos));
        System.out.flush();

        CpuLoad load = CpuLoad.start(options.cpuLoadThreads);
        // One thread, named: Punctual names the scheduler after it ("heartbeat-sender").
        ScheduledThreadPoolExecutor sender = new ScheduledThreadPoolExecutor(1, new NamedThread("heartbeat-sender"));
        sender.prestartCoreThread();

        long start = System.nanoTime();
        Link link = new Link(start);
        SendHeartbeat beat = new SendHeartbeat(link);
        ScheduledFuture<?> beating = sender.scheduleAtFixedRate(beat, 0, options.intervalNanos, TimeUnit.NANOSECONDS);
        ScheduledFuture<?> stalling = null;
        if (options.stall) {
            stalling = sender.scheduleAtFixedRate(new Stall(options.stallForNanos),
                    options.stallEveryNanos, options.stallEveryNanos, TimeUnit.NANOSECONDS);
        }
        Peer peer = new Peer(link, options.timeoutNanos, start);
        peer.start();

        Args.sleep(start + options.durationNanos - System.nanoTime());

        // The peer first, so that stopping the sender cannot look like one more death.
        peer.stop();
        beating.cancel(false);
        if (stalling != null) {
            stalling.cancel(false);
        }
        Args.stop(sender, "heartbeat", "the sender");
        load.stop();
        System.out.printf("heartbeat: %d beats, %d false deaths%n", beat.beats, peer.deaths());
        System.out.flush();
    }

    /** The heartbeat; Punctual reports its lag under this class name. */
    static final class SendHeartbeat implements Runnable {
        private final Link link;
        /** Written by the sender's one thread only; read after the executor terminated. */
        long beats;

        SendHeartbeat(Link link) {
            this.link = link;
        }

        @Override
        public void run() {
            link.beat(System.nanoTime());
            beats++;
        }
    }

    /** Names the executor's thread; its name becomes the scheduler's name in Punctual's events. */
    static final class NamedThread implements ThreadFactory {
        private final String name;

        NamedThread(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable task) {
            return new Thread(task, name);
        }
    }

}
