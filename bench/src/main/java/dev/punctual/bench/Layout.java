package dev.punctual.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the jars that the runs need are, as the reactor build leaves them. The benchmarks jar sits at
 * bench/target/benchmarks.jar, so the repository is three levels above it; a system property
 * overrides each path.
 */
public final class Layout {
    public final Path repo;
    public final Path agentJar;
    public final Path cliJar;
    public final Path tickerJar;
    public final Path otelJar;
    public final Path sleeperJar;
    public final Path benchJar;

    private Layout(Path repo, Path benchJar) {
        this.repo = repo;
        this.benchJar = benchJar;
        agentJar = path("punctual.agent.jar", repo.resolve("agent/target/punctual-agent.jar"));
        cliJar = path("punctual.cli.jar", repo.resolve("attach-cli/target/punctual-cli.jar"));
        tickerJar = path("punctual.ticker.jar", repo.resolve("sample-apps/ticker/target/ticker.jar"));
        otelJar = path("punctual.otel.agent.jar", repo.resolve("bench/target/agents/opentelemetry-javaagent.jar"));
        sleeperJar = path("punctual.sleeper.jar", repo.resolve("bench/target/benchmarks-sleeper.jar"));
    }

    public static Layout find() {
        try {
            Path jar = Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            Path repo = Path.of(System.getProperty("punctual.home", jar.getParent().getParent().getParent().toString()));
            return new Layout(repo.normalize(), jar);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The java command of the JDK this driver runs on: every JVM of a run uses the same JDK. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Fails with one line naming what to build when a jar is missing. */
    public void check() {
        for (Path p : new Path[]{agentJar, cliJar, tickerJar, otelJar, sleeperJar, benchJar}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(p + " is missing: build with mvn package -DskipTests -pl bench -am");
            }
        }
    }

    private static Path path(String property, Path fallback) {
        String value = System.getProperty(property);
        return value == null ? fallback : Path.of(value).toAbsolutePath().normalize();
    }
}
