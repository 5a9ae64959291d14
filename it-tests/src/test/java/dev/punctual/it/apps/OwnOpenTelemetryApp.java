package dev.punctual.it.apps;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An application with an OpenTelemetry SDK of its own, exporting its own counter over OTLP, while a
 * scheduled tick runs. Prints its SDK's release and the counter's total, then exits.
 *
 * <p>Arguments: OTLP base URL.
 */
public final class OwnOpenTelemetryApp {
    public static final int WORK = 200;

    public static void main(String[] args) throws Exception {
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .registerMetricReader(PeriodicMetricReader.builder(
                                OtlpHttpMetricExporter.builder().setEndpoint(args[0] + "/v1/metrics").build())
                        .setInterval(Duration.ofMillis(300)).build())
                .build();
        LongCounter work = provider.get("own-app").counterBuilder("app.work").setUnit("{tick}").build();
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(1);
        Attributes attributes = Attributes.of(AttributeKey.stringKey("app"), "own");
        for (int i = 0; i < WORK; i++) {
            pool.schedule(() -> work.add(1, attributes), 2, TimeUnit.MILLISECONDS).get();
        }
        Thread.sleep(1500); // a few of both SDKs' export rounds
        provider.forceFlush().join(5, TimeUnit.SECONDS);
        System.out.println("sdk " + java.nio.file.Path.of(SdkMeterProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName());
        System.out.println("work " + WORK);
        provider.shutdown().join(5, TimeUnit.SECONDS);
        pool.shutdown();
        System.exit(0);
    }
}
