package dev.punctual.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {
    private final List<String> warnings = new ArrayList<>();

    private Config load(String args, Map<String, String> props, Map<String, String> env) {
        return Config.load(args, props, env, warnings::add);
    }

    @Test
    void defaults() {
        Config c = load(null, Map.of(), Map.of());
        assertEquals(Mode.ENFORCE, c.get(Settings.MODE));
        assertEquals(true, c.get(Settings.TIMERS_ENABLED));
        assertEquals(Duration.ofMillis(1), c.get(Settings.LAG_THRESHOLD));
        assertEquals(Duration.ofSeconds(10), c.get(Settings.SUMMARY_INTERVAL));
        assertEquals(Source.DEFAULT, c.sourceOf(Settings.MODE));
        assertEquals(List.of(), warnings);
    }

    @Test
    void precedenceIsArgumentsThenPropertiesThenEnvironmentThenFileThenDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.properties");
        Files.writeString(file, "punctual.timers.lag.threshold=4ms\ntimers.summary.interval=4s\nmode=observe\npunctual.timers.enabled=false\n");
        Config c = load("timers.lag.threshold=1us,config=" + file,
                Map.of("punctual.timers.lag.threshold", "2us", "punctual.timers.summary.interval", "2s", "java.version", "17"),
                Map.of("PUNCTUAL_TIMERS_LAG_THRESHOLD", "3us", "PUNCTUAL_TIMERS_SUMMARY_INTERVAL", "3s", "PUNCTUAL_MODE", "observe", "HOME", "/root"));
        assertEquals(Duration.ofNanos(1000), c.get(Settings.LAG_THRESHOLD));
        assertEquals(Source.AGENT_ARGUMENTS, c.sourceOf(Settings.LAG_THRESHOLD));
        assertEquals(Duration.ofSeconds(2), c.get(Settings.SUMMARY_INTERVAL));
        assertEquals(Source.SYSTEM_PROPERTY, c.sourceOf(Settings.SUMMARY_INTERVAL));
        assertEquals(Mode.OBSERVE, c.get(Settings.MODE));
        assertEquals(Source.ENVIRONMENT, c.sourceOf(Settings.MODE));
        assertEquals(false, c.get(Settings.TIMERS_ENABLED));
        assertEquals(Source.CONFIG_FILE, c.sourceOf(Settings.TIMERS_ENABLED));
        assertEquals(List.of(), warnings);
    }

    @Test
    void badValueKeepsTheDefaultWithOneLineNamingKeyAndValue() {
        Config c = load("timers.lag.threshold=abc", Map.of(), Map.of());
        assertEquals(Duration.ofMillis(1), c.get(Settings.LAG_THRESHOLD));
        assertEquals(Source.DEFAULT, c.sourceOf(Settings.LAG_THRESHOLD));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("punctual.timers.lag.threshold=abc"), warnings.get(0));
        assertTrue(warnings.get(0).contains("agent arguments"), warnings.get(0));
        assertTrue(warnings.get(0).contains("default 1ms"), warnings.get(0));
    }

    @Test
    void badValueDoesNotFallThroughToAWeakerSource() {
        Config c = load("mode=sometimes", Map.of(), Map.of("PUNCTUAL_MODE", "observe"));
        assertEquals(Mode.ENFORCE, c.get(Settings.MODE));
        assertEquals(1, warnings.size());
    }

    @Test
    void unknownKeySuggestsTheClosest() {
        load("timers.lag.treshold=5ms", Map.of(), Map.of());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("did you mean punctual.timers.lag.threshold?"), warnings.get(0));
    }

    @Test
    void manyUnknownKeysAreOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("junk.properties");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            b.append("key").append(i).append("=v\n");
        }
        Files.writeString(file, b);
        load("config=" + file, Map.of(), Map.of());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("1000 unknown settings") && warnings.get(0).contains("and 995 more"), warnings.get(0));
    }

    @Test
    void missingAndHugeFilesAreOneLineEach(@TempDir Path dir) throws Exception {
        load("config=" + dir.resolve("nope.properties"), Map.of(), Map.of());
        Path huge = dir.resolve("huge.properties");
        Files.write(huge, new byte[2 << 20]);
        load(null, Map.of("punctual.config", huge.toString()), Map.of());
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("no such file"), warnings.get(0));
        assertTrue(warnings.get(1).contains("larger than 1 MiB"), warnings.get(1));
    }

    @Test
    void aFileThatIsNotARegularFileIsNeverReadSoItCannotBlockOrFillTheHeap(@TempDir Path dir) {
        // /dev/zero has no end; a directory cannot be read; a named pipe (tested end to end) never answers.
        load("config=/dev/zero", Map.of(), Map.of());
        load("config=" + dir, Map.of(), Map.of());
        assertEquals(2, warnings.size(), warnings.toString());
        for (String w : warnings) {
            assertTrue(w.contains("not a regular file; its settings are ignored"), w);
        }
    }

    @Test
    void aDurationTooLargeForNanosecondsIsABadValueNotACrash() {
        Config c = load("http.timeout=PT99999999999999H", Map.of(), Map.of());
        assertEquals(Duration.ofSeconds(30), c.get(Settings.HTTP_TIMEOUT));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("a duration too large"), warnings.get(0));
    }

    @Test
    void controlCharactersNeverBreakTheLine() {
        load("timers.lag.threshold=a\nb\u0000c", Map.of(), Map.of());
        assertEquals(1, warnings.size());
        assertTrue(!warnings.get(0).contains("\n") && !warnings.get(0).contains("\u0000"), warnings.get(0));
    }

    @ParameterizedTest
    @CsvSource({"500ms,500000000", "2s,2000000000", "1m,60000000000", "250us,250000", "PT2S,2000000000", "pt0.5s,500000000",
            "0,0", "1.5ms,1500000", "10ns,10", "1h,3600000000000", "3 ms,3000000"})
    void durations(String text, long nanos) throws Exception {
        assertEquals(nanos, Durations.parse(text).toNanos());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "-5ms", "abc", "ms", "5 parsecs", "PT-1S", "99999999999999999d", "NaNms", "+1s", "PT2562048H", "P106752D"})
    void badDurations(String text) {
        assertThrows(InvalidValueException.class, () -> Durations.parse(text));
    }

    @Test
    void offIsDistinctFromZero() throws Exception {
        assertTrue(Durations.isOff(Durations.parse("off")));
        assertTrue(Durations.isOff(Durations.parse("OFF")));
        assertTrue(!Durations.isOff(Durations.parse("0")));
        assertEquals("off", Durations.format(Durations.OFF));
        assertEquals("1ms", Durations.format(Duration.ofMillis(1)));
        assertEquals("1500us", Durations.format(Duration.ofNanos(1_500_000)));
    }

    @Test
    void environmentNames() {
        assertEquals("PUNCTUAL_TIMERS_LAG_THRESHOLD", Settings.LAG_THRESHOLD.environmentName());
    }

    @Test
    void perTargetTimeoutsFromEachSourceTheStrongestWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.properties");
        Files.writeString(file, "http.timeout.api.example.com=5s\nhttp.timeout.LOCALHOST:8080=1s\n");
        Config c = load("config=" + file + ",http.timeout.api.example.com=2s,http.connect-timeout.127.0.0.1=off",
                Map.of("punctual.http.timeout.localhost:8080", "3s"), Map.of());
        assertEquals(Map.of("api.example.com", Duration.ofSeconds(2), "localhost:8080", Duration.ofSeconds(3)),
                c.perTarget(Settings.HTTP_TIMEOUT));
        assertEquals(Map.of("127.0.0.1", Durations.OFF), c.perTarget(Settings.HTTP_CONNECT_TIMEOUT));
        assertEquals(Duration.ofSeconds(30), c.get(Settings.HTTP_TIMEOUT));
        assertEquals(Duration.ofSeconds(10), c.get(Settings.HTTP_CONNECT_TIMEOUT));
        assertEquals(List.of(), warnings);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http.timeout.bad_host=2s|ignoring punctual.http.timeout.bad_host=2s from agent arguments: 'bad_host' is not a host, or host:port; punctual.http.timeout applies",
            "http.timeout.localhost:99999=2s|ignoring punctual.http.timeout.localhost:99999=2s from agent arguments: '99999' in 'localhost:99999' is not a port (1 to 65535); punctual.http.timeout applies",
            "http.timeout.localhost=soon|ignoring punctual.http.timeout.localhost=soon from agent arguments: "})
    void aBadTargetOrValueIsOneLineAndTheWiderRuleApplies(String args, String expected) {
        Config c = load(args, Map.of(), Map.of());
        assertEquals(Map.of(), c.perTarget(Settings.HTTP_TIMEOUT));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(expected), warnings.get(0));
    }

    @Test
    void metricsSettingsHaveTheirDefaultsAndRefuseBadValuesInOneLineEach() {
        Config c = load(null, Map.of(), Map.of());
        assertEquals(MetricsExporter.NONE, c.get(Settings.METRICS_EXPORTER));
        assertEquals("http://localhost:4318", c.get(Settings.OTLP_ENDPOINT));
        assertEquals(Duration.ofSeconds(30), c.get(Settings.METRICS_INTERVAL));
        assertEquals("127.0.0.1", c.get(Settings.PROMETHEUS_HOST));
        assertEquals(9464, c.get(Settings.PROMETHEUS_PORT));
        Config bad = load("metrics.exporter=zipkin,otlp.endpoint=collector:4318,metrics.interval=0,prometheus.port=70000,otlp.headers=novalue,"
                        + "prometheus.host=" + "9".repeat(254), Map.of(), Map.of());
        assertEquals(MetricsExporter.NONE, bad.get(Settings.METRICS_EXPORTER));
        assertEquals(9464, bad.get(Settings.PROMETHEUS_PORT));
        assertEquals("127.0.0.1", bad.get(Settings.PROMETHEUS_HOST), "longer than any DNS name");
        assertEquals(6, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("punctual.metrics.exporter=zipkin") && warnings.get(0).contains("none, otlp, prometheus, logging"), warnings.get(0));
    }

    @Test
    void otlpHeadersAreKeyValuePairsWithPercentEncodedValues() throws Exception {
        assertEquals(Map.of("api-key", "a b", "x", "1=2"), MetricsValues.headers("api-key=a%20b, x=1=2"));
        assertThrows(InvalidValueException.class, () -> MetricsValues.headers("=v"));
        // Refused now, in one line, rather than failing every export: HTTP has no such names and values.
        assertThrows(InvalidValueException.class, () -> MetricsValues.headers("gar\tbage=x"));
        assertThrows(InvalidValueException.class, () -> MetricsValues.headers("a b=x"));
        assertThrows(InvalidValueException.class, () -> MetricsValues.headers("a=b%0Ac"));
        assertEquals(Map.of("authorization", "Bearer \u00e9t\u00e9"), MetricsValues.headers("authorization=Bearer%20%C3%A9t%C3%A9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.example.com", "localhost:8080", "127.0.0.1", "[::1]:8443", "[::1]", "a", "x-1.y"})
    void hostTargetsAreRead(String target) throws Exception {
        assertEquals(target, Targets.hostAndPort(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad_host", "-host", "host-", ".", "[]", "[zz]:80", "[::1", "ho st", "", "host:"})
    void malformedHostTargetsAreRefused(String target) {
        assertThrows(InvalidValueException.class, () -> Targets.hostAndPort(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"helloworld.Greeter", "helloworld.Greeter/SayHello", "_a$b-c.D/e_f$g-h", "G"})
    void grpcTargetsAreRead(String target) throws Exception {
        assertEquals(target, Targets.GRPC_METHOD.parse(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1greeter", "a.Greeter/Say.Hello", "a/b/c", "a/", "/m", "", "a b", "a/1m"})
    void malformedGrpcTargetsAreRefused(String target) {
        assertThrows(InvalidValueException.class, () -> Targets.GRPC_METHOD.parse(target));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"127.0.0.1|127.0.0.1", "::1|::1", "[::1]|::1", "0.0.0.0|0.0.0.0", "localhost|localhost"})
    void prometheusHostsAreRead(String text, String expected) throws Exception {
        assertEquals(expected, MetricsValues.HOST.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "local host", "[::1", "[zz]", "host/1"})
    void malformedPrometheusHostsAreRefused(String text) {
        assertThrows(InvalidValueException.class, () -> MetricsValues.HOST.parse(text));
    }

    @Test
    void aConfigFileTargetKeepsItsPortWhateverTheSpacing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.properties");
        Files.writeString(file, "http.timeout.localhost:8080 = 1s\nhttp.timeout.example.com:443=\t2s\nhttp.timeout.other:123456=3s\n");
        Config c = load(null, Map.of("punctual.config", file.toString()), Map.of());
        assertEquals(Duration.ofSeconds(1), c.perTarget(Settings.HTTP_TIMEOUT).get("localhost:8080"));
        assertEquals(Duration.ofSeconds(2), c.perTarget(Settings.HTTP_TIMEOUT).get("example.com:443"));
        assertEquals(null, c.perTarget(Settings.HTTP_TIMEOUT).get("other:123456"));
    }
}
