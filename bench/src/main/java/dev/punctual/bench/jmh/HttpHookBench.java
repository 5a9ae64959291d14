package dev.punctual.bench.jmh;

import dev.punctual.bootstrap.http.HttpClientDeadlines;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What Punctual's HttpClient hook does on one call, alone: the five entry points the woven JDK code
 * calls for a request made without a timeout, in the order it calls them, on the same kind of objects
 * (a client without a connect timeout, a request without a timeout, a new exchange per call). A
 * loopback call varies between runs by more than the 1 µs this must stay under, so the hook's own work
 * is measured here, in a JVM started with the agent (which puts these classes on the boot class path
 * and applies the default settings), and compared with the loopback call of {@link HttpCallBench}.
 * With recording=on a JFR recording with the default settings runs: each call is then also a
 * punctual.DeadlineInjected event, bounded per call site.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpHookBench {
    @Param({"off", "on"})
    public String recording;

    private HttpClient client;
    private HttpRequest request;
    private Recording jfr;

    @Setup
    public void start() throws IOException, ParseException {
        client = HttpClient.newHttpClient();
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/ping")).build();
        if (recording.equals("on")) {
            jfr = new Recording(Configuration.getConfiguration("default"));
            jfr.setToDisk(true);
            jfr.start();
        }
    }

    @TearDown
    public void stop() {
        if (jfr != null) {
            jfr.stop();
            jfr.close();
        }
        client = null;
    }

    @Benchmark
    public Object call() {
        HttpClientDeadlines.callStarts(request, client);
        Object timeout = HttpClientDeadlines.requestTimeout(request.timeout(), request);
        Object headers = HttpClientDeadlines.requestHeaders(request.headers(), request);
        HttpClientDeadlines.exchangeStarts(new Object());
        Object connect = HttpClientDeadlines.remainingConnectTimeout(Optional.empty(), request);
        if (!(timeout instanceof Optional<?> t) || t.isEmpty() || headers == null || connect == null) {
            throw new IllegalStateException("no default timeout given: is the agent loaded?");
        }
        return timeout;
    }
}
