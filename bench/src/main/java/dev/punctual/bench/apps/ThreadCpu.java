package dev.punctual.bench.apps;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of chosen threads, in ns, between two readings: the threads alive at both. Per thread and
 * in ns, unlike a process's clock ticks, and a neighbour's load on a shared machine does not add to it
 * as it adds to wall time.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Predicate<Thread> which;
    private Map<Long, Long> start = Map.of();

    ThreadCpu(Predicate<Thread> which) {
        this.which = which;
    }

    void mark() {
        start = read();
    }

    long nanosSinceMark() {
        long total = 0;
        for (Map.Entry<Long, Long> e : read().entrySet()) {
            Long before = start.get(e.getKey());
            if (before != null) {
                total += e.getValue() - before;
            }
        }
        return total;
    }

    private Map<Long, Long> read() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (which.test(t)) {
                long ns = THREADS.getThreadCpuTime(t.getId());
                if (ns >= 0) {
                    cpu.put(t.getId(), ns);
                }
            }
        }
        return cpu;
    }
}
