package dev.punctual.bench.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A field of this process's /proc/self/status, such as VmHWM (its peak resident set size), and the CPU
 * time that /proc/self/stat counts for all its threads.
 */
final class ProcStatus {
    private ProcStatus() {
    }

    static long kilobytes(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }

    /**
     * User plus system CPU time of every thread of this process so far, in ms (10 ms resolution: Linux
     * counts it in clock ticks of 1/100 s). A shared machine stretches wall time; it moves this much less.
     */
    static long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // After "pid (comm) ": state is field 3, utime field 14 and stime field 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }
}
