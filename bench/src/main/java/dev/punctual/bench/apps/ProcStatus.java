package dev.punctual.bench.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A field of this process's /proc/self/status, such as VmHWM (its peak resident set size). */
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
}
