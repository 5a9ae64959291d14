package dev.punctual.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A program from Debian's packages that a test runs for real (a Prometheus server, a browser, a
 * terminal, libfaketime), installed with apt-get when it is missing: the tests run as root on a clean
 * machine, as CI does. A machine where it cannot be installed fails the test that needs it, saying
 * which package: a skipped test would pass unseen.
 */
public final class DebianPackage {
    private DebianPackage() {
    }

    /** Returns once {@code present} holds, after installing {@code name} if it did not. */
    public static synchronized void ensure(String name, BooleanSupplier present) throws IOException, InterruptedException {
        if (present.getAsBoolean()) {
            return;
        }
        Path log = Jvm.OUTPUT.resolve("apt-get-" + name + ".log");
        Files.createDirectories(Jvm.OUTPUT);
        // The package lists may be missing or old on a fresh machine: install, and on failure update first.
        if (!apt(log, "install", "-y", "-q", name)) {
            apt(log, "update", "-q");
            apt(log, "install", "-y", "-q", name);
        }
        if (!present.getAsBoolean()) {
            throw new AssertionError("these tests need Debian's " + name + " (apt-get install -y " + name
                    + ", as root) and could not install it; see " + log);
        }
    }

    /** One apt-get command, bounded in time, its output appended to {@code log}. */
    private static boolean apt(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=120"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            Files.writeString(log, "cannot run apt-get: " + e + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            return false;
        }
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return false;
        }
        return p.exitValue() == 0;
    }
}
