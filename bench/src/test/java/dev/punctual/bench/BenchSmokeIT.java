package dev.punctual.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The smoke run: every benchmark, each agent, a few hundred milliseconds each, from the jar the build
 * just made, so that the harness cannot rot. It checks that each benchmark ran and gave a number,
 * never how fast anything was: on a shared 2-core machine a speed assert would only be noise.
 */
class BenchSmokeIT {
    static final Path JAR = Path.of(System.getProperty("punctual.bench.jar", "target/benchmarks.jar")).toAbsolutePath();
    static final Path OUT = Path.of(System.getProperty("punctual.bench.output", "target/smoke")).toAbsolutePath();

    @Test
    void everyBenchmarkRunsAndGivesANumber() throws Exception {
        Files.createDirectories(OUT);
        Path log = OUT.resolve("driver.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process driver = new ProcessBuilder(java, "-jar", JAR.toString(), "--smoke", "--out", OUT.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!driver.waitFor(5, TimeUnit.MINUTES)) {
            driver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the smoke run took over 5 minutes; see " + log);
        }
        String tail = tail(log);
        assertEquals(0, driver.exitValue(), () -> "the smoke run failed; see " + log + ":\n" + tail);

        List<String> rows = Files.readAllLines(OUT.resolve("results.tsv"));
        Set<String> benchmarks = new TreeSet<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t");
            double value = Double.parseDouble(f[5]);
            assertTrue(Double.isFinite(value), () -> "not a number: " + row);
            benchmarks.add(f[0]);
        }
        assertEquals(new TreeSet<>(List.of("stpe", "loaded", "http", "http-hook", "grpc", "loaded-cpu", "http-cpu", "startup", "attach/detach",
                "recording volume", "accuracy under load")), benchmarks);
    }

    private static String tail(Path log) throws java.io.IOException {
        String s = Files.readString(log);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
