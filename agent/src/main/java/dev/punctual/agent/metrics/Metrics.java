package dev.punctual.agent.metrics;

import dev.punctual.agent.config.Config;
import dev.punctual.agent.config.InvalidValueException;
import dev.punctual.agent.config.MetricsExporter;
import dev.punctual.agent.config.MetricsValues;
import dev.punctual.agent.config.Settings;
import dev.punctual.agent.config.Source;
import dev.punctual.bootstrap.AgentThreads;
import dev.punctual.bootstrap.Log;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the OpenTelemetry SDK (shaded inside the agent) with the configured exporter. Only called
 * when an exporter is configured, so that with none no class of the SDK is ever loaded. It starts on a
 * thread of its own: loading the SDK must not delay the application's start, and a failure turns the
 * metrics off with one line while everything else runs on.
 */
public final class Metrics {
    private static final Duration MIN_EXPORT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration MAX_EXPORT_TIMEOUT = Duration.ofSeconds(10);
    /** Held for as long as the JVM runs: the SDK's loggers, quieted, and the meter provider. */
    private static final Map<String, Logger> LOGGERS = new HashMap<>();
    private static SdkMeterProvider provider;
    /** From a start to the next stop, whether the provider is built yet or not. */
    private static boolean running;
    /**
     * Counts starts and stops. A detach may come while a start is still loading the SDK and binding the
     * port: that start, finding its generation past, closes what it built itself (a Prometheus port left
     * bound would refuse every later attach's).
     */
    private static int generation;
    private static Thread startThread;
    /** The exporters' executors, so that a detach can stop their threads whatever the SDK does with them. */
    private static final List<ExecutorService> EXECUTORS = new ArrayList<>();
    /** Those of the start under way, handed to {@link #EXECUTORS} when it completes, or shut down by it. */
    private static final List<ExecutorService> STARTING = new ArrayList<>();

    private Metrics() {
    }

    /** @param premainThread the thread running -javaagent's premain, or null when attached to a running JVM */
    public static synchronized void start(Config config, String version, Thread premainThread) {
        if (running) {
            return; // attached again: the metrics already run (or are starting), as first configured
        }
        running = true;
        int mine = ++generation;
        Thread t = new Thread("punctual-metrics-start") {
            @Override
            public void run() {
                try {
                    awaitPremainsDone(premainThread);
                    startNow(config, version, mine);
                } catch (Throwable e) {
                    if (failed(mine)) {
                        Log.warn("metrics are off: " + e.toString().replace('\n', ' ') + "; the application runs on without them");
                    }
                }
            }
        };
        t.setDaemon(true);
        startThread = t;
        t.start();
    }

    /** After a start failed: its executors shut down; true when it is still the current start (no detach came first). */
    private static synchronized boolean failed(int mine) {
        for (ExecutorService e : STARTING) {
            e.shutdownNow();
        }
        STARTING.clear();
        if (mine != generation) {
            return false;
        }
        running = false; // a later attach tries again
        return true;
    }

    /**
     * Waits (up to 30 s) until the JVM has run every -javaagent's premain. Loading the SDK's classes while
     * another agent installs its transformers (the OpenTelemetry Java agent, loaded after Punctual) made
     * that agent fail with ClassCircularityError in java.lang.invoke, and the metrics with it.
     */
    private static void awaitPremainsDone(Thread premainThread) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (premainThread != null && System.nanoTime() < end && inPremain(premainThread)) {
            Thread.sleep(20);
        }
    }

    private static boolean inPremain(Thread t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals("sun.instrument.InstrumentationImpl")) {
                return true;
            }
        }
        return false;
    }

    private static void startNow(Config config, String version, int mine) {
        // Threads the exporters' libraries start here (an HttpClient's selector, an HTTP server's
        // dispatcher and Timer) are the agent's: neither measured nor given deadlines.
        AgentThreads.markChildren();
        quietSdkLogging();
        OtelVariables otel = new OtelVariables(System.getenv(), systemProperties());
        Resource resource = Resource.getDefault().merge(Resource.create(otel.resource()));
        SdkMeterProviderBuilder builder = SdkMeterProvider.builder()
                .setResource(resource)
                .registerMetricProducer(new PunctualMetrics(version, epochNanos()));
        builder.registerMetricReader(reader(config, otel));
        SdkMeterProvider built = builder.build();
        synchronized (Metrics.class) {
            if (mine == generation) {
                provider = built;
                EXECUTORS.addAll(STARTING);
                STARTING.clear();
                return;
            }
        }
        // Detached meanwhile: give back the reader's threads and port.
        built.shutdown().join(10, TimeUnit.SECONDS);
        failed(mine);
    }

    private static MetricReader reader(Config config, OtelVariables otel) {
        MetricsExporter kind = config.get(Settings.METRICS_EXPORTER);
        if (kind == MetricsExporter.PROMETHEUS) {
            String host = config.get(Settings.PROMETHEUS_HOST);
            int port = config.get(Settings.PROMETHEUS_PORT);
            try {
                return PrometheusHttpServer.builder().setHost(host).setPort(port).setMemoryMode(MemoryMode.IMMUTABLE_DATA)
                        .setExecutor(owned(Executors.newFixedThreadPool(2, threads("punctual-prometheus"))))
                        .build();
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot serve Prometheus on " + host + ":" + port + " ("
                        + (e.getCause() != null ? e.getCause() : e) + ")");
            }
        }
        Duration interval = config.sourceOf(Settings.METRICS_INTERVAL) == Source.DEFAULT && otel.exportInterval() != null
                ? otel.exportInterval() : config.get(Settings.METRICS_INTERVAL);
        MetricExporter exporter = kind == MetricsExporter.OTLP ? otlp(config, otel, interval) : LoggingMetricExporter.create();
        ScheduledExecutorService scheduler = owned(Executors.newSingleThreadScheduledExecutor(threads("punctual-metrics-export")));
        return PeriodicMetricReader.builder(exporter).setInterval(interval).setExecutor(scheduler).build();
    }

    private static MetricExporter otlp(Config config, OtelVariables otel, Duration interval) {
        String url = null;
        if (config.sourceOf(Settings.OTLP_ENDPOINT) == Source.DEFAULT) {
            url = otel.otlpMetricsUrl();
        }
        if (url == null) {
            url = metricsPath(config.get(Settings.OTLP_ENDPOINT));
        }
        // A slow endpoint may hold an export this long (the interval, within 2 to 10 s); the reader skips
        // its rounds while one is out, so at most one request's memory is held.
        Duration timeout = interval.compareTo(MIN_EXPORT_TIMEOUT) < 0 ? MIN_EXPORT_TIMEOUT
                : interval.compareTo(MAX_EXPORT_TIMEOUT) > 0 ? MAX_EXPORT_TIMEOUT : interval;
        OtlpHttpMetricExporterBuilder b = OtlpHttpMetricExporter.builder()
                .setEndpoint(url)
                .setTimeout(timeout)
                .setConnectTimeout(timeout)
                .setMeterProvider(MeterProvider.noop())
                .setExecutorService(owned(Executors.newSingleThreadExecutor(threads("punctual-otlp"))));
        String headers = config.sourceOf(Settings.OTLP_HEADERS) == Source.DEFAULT && otel.otlpHeaders() != null
                ? otel.otlpHeaders() : config.get(Settings.OTLP_HEADERS);
        try {
            for (Map.Entry<String, String> h : MetricsValues.headers(headers).entrySet()) {
                b.addHeader(h.getKey(), h.getValue());
            }
        } catch (InvalidValueException e) {
            Log.warn("ignoring the OTLP headers from OTEL_EXPORTER_OTLP_HEADERS: " + e.getMessage());
        }
        return new WarningExporter(b.build(), url);
    }

    /** An OTLP base endpoint's metrics URL, as the OpenTelemetry SDK makes it: the path v1/metrics under it. */
    static String metricsPath(String base) {
        return base.endsWith("/") ? base + "v1/metrics" : base + "/v1/metrics";
    }

    /**
     * The SDK reports through java.util.logging, into the application's log, and per failed export.
     * Punctual speaks for it instead ({@link WarningExporter}); the logging exporter keeps its voice,
     * being asked for.
     */
    private static void quietSdkLogging() {
        quiet("dev.punctual.shaded", Level.OFF); // every shaded library: loggers are named after their classes
        quiet(LoggingMetricExporter.class.getName(), Level.INFO);
    }

    private static void quiet(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        LOGGERS.put(name, logger);
    }

    private static synchronized <E extends ExecutorService> E owned(E executor) {
        STARTING.add(executor);
        return executor;
    }

    /**
     * Stops the metrics (on detach): the exporters, their threads, the Prometheus port. A later attach
     * starts them anew with its settings.
     */
    public static void stop() {
        Thread starting;
        synchronized (Metrics.class) {
            running = false;
            generation++;
            starting = startThread;
            startThread = null;
        }
        if (starting != null) {
            // A start under way finishes and undoes itself: its port is closed before the detach returns.
            try {
                starting.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SdkMeterProvider p;
        List<ExecutorService> executors;
        synchronized (Metrics.class) {
            p = provider;
            provider = null;
            executors = new ArrayList<>(EXECUTORS);
            EXECUTORS.clear();
        }
        if (p != null) {
            p.shutdown().join(10, TimeUnit.SECONDS);
        }
        for (ExecutorService e : executors) {
            e.shutdownNow();
        }
    }

    static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        };
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> out = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            out.put(name, System.getProperty(name));
        }
        return out;
    }
}
