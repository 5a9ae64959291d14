package dev.punctual.it.reliability;

import dev.punctual.it.apps.ScheduledWork;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting the agent declares, with garbage, an empty value, a value thousands of characters long
 * and the largest duration there is, from each source (agent arguments, system properties, environment,
 * config file), all keys at once: the application's output and exit code stay those of a run without the
 * agent, each refused value is one line naming its key and nothing else is said, and the agent still
 * works. Plus a config file that cannot be read (permissions). BadConfigurationTest has each bad value
 * alone, and the other kinds of file. The JVMs run together: nothing here depends on timing.
 */
class ConfigFaultsTest {
    enum Kind {
        GARBAGE("gar\tbage-\u00e9\u2603;"),
        EMPTY(""),
        HUGE("9".repeat(4000) + "s"),
        /** The largest duration a setting can hold (one hour more overflows in nanoseconds). */
        LARGEST("PT2562047H");

        final String value;

        Kind(String value) {
            this.value = value;
        }
    }

    enum Source { AGENT_ARGUMENTS, SYSTEM_PROPERTIES, ENVIRONMENT, CONFIG_FILE }

    record Case(Kind kind, Source source) {
        String name() {
            return "config-faults-" + kind.name().toLowerCase() + "-" + source.name().toLowerCase().replace('_', '-');
        }

        @Override
        public String toString() {
            return kind + " from " + source;
        }
    }

    static final List<AgentSettings> SETTINGS = AgentSettings.all();
    static Jvm.Result baseline;
    static final Map<Case, Jvm.Result> RUNS = new LinkedHashMap<>();

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (Source s : Source.values()) {
                out.add(new Case(k, s));
            }
        }
        return out.stream();
    }

    @BeforeAll
    static void runAll() throws Exception {
        // Seventeen JVMs at once on a small machine: each gets the same time.
        Jvm.Started base = Jvm.named("config-faults-baseline").main(ScheduledWork.class).timeout(Duration.ofSeconds(120)).start();
        Map<Case, Jvm.Started> started = new LinkedHashMap<>();
        for (Case c : cases().toList()) {
            started.put(c, configured(c).timeout(Duration.ofSeconds(120)).start());
        }
        baseline = base.await().assertExitCode(0);
        for (Map.Entry<Case, Jvm.Started> e : started.entrySet()) {
            RUNS.put(e.getKey(), e.getValue().await());
        }
    }

    private static Jvm configured(Case c) throws Exception {
        Jvm jvm = Jvm.named(c.name()).recording(jfr(c));
        Map<String, String> values = new LinkedHashMap<>();
        for (AgentSettings s : SETTINGS) {
            values.put(s.key(), c.kind.value);
            if (s.perTarget() && c.source != Source.ENVIRONMENT) {
                values.put(s.key() + ".not a target!", c.kind.value);
            }
        }
        switch (c.source) {
            case AGENT_ARGUMENTS:
                // Agent arguments are split at commas: a value cannot hold one, so the garbage has none.
                jvm.agent(String.join(",", values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
                break;
            case SYSTEM_PROPERTIES:
                jvm.agent("");
                values.forEach((k, v) -> jvm.option("-D" + k + "=" + v));
                break;
            case ENVIRONMENT:
                jvm.agent("");
                for (AgentSettings s : SETTINGS) {
                    jvm.env(s.environmentName(), c.kind.value);
                }
                break;
            default:
                Path file = Jvm.file(c.name() + ".properties");
                StringBuilder b = new StringBuilder();
                values.forEach((k, v) -> b.append(k.replace(" ", "\\ ").replace("!", "\\!")).append('=').append(v).append('\n'));
                Files.writeString(file, b);
                jvm.agent("config=" + file);
        }
        return jvm.main(ScheduledWork.class);
    }

    private static Path jfr(Case c) {
        return Jvm.OUTPUT.resolve(c.name() + ".jfr");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyKeyAtOnceLeavesTheApplicationAloneAndEachRefusedValueIsOneLineNamingItsKey(Case c) throws Exception {
        Jvm.Result r = RUNS.get(c);
        List<String> said = Invariants.assertUnchanged(baseline, r);
        for (String line : said) {
            assertTrue(line.length() <= 400, "a short line, however long the value: " + line.length() + " characters");
        }
        for (AgentSettings s : SETTINGS) {
            if (s.key().equals(AgentSettings.CONFIG_FILE)) {
                continue; // its value is a file name: said as the file that cannot be read, see below
            }
            List<String> naming = said.stream().filter(l -> l.contains(" " + s.key() + "=")).toList();
            assertTrue(naming.size() <= 1, s.key() + " is said once: " + naming);
            // Only the largest duration and an empty value can be fine for some keys: the rest are refused.
            if (c.kind == Kind.GARBAGE || c.kind == Kind.HUGE) {
                assertEquals(1, naming.size(), s.key() + " refused in one line; said:\n" + String.join("\n", said));
            }
        }
        if (c.kind != Kind.EMPTY && c.source != Source.CONFIG_FILE) {
            assertEquals(1, said.stream().filter(l -> l.contains("config file")).count(), "the config file named: " + said);
        }
        if (c.kind != Kind.LARGEST) {
            // Refused values fell back to their defaults: the agent measures as ever.
            assertTrue(Recording.read(jfr(c)).count("punctual.TimerLag") > 0, "the agent still records");
        }
    }

    /** Run as another user, who cannot read the file (root can read anything). */
    @Test
    void anUnreadableConfigFileIsOneLine() throws Exception {
        Path file = Jvm.file("config-faults-unreadable.properties");
        Files.writeString(file, "punctual.timers.lag.threshold=0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        List<String> asNobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
        Jvm.Result base = Jvm.named("config-faults-unreadable-baseline").launcher(asNobody).main(ScheduledWork.class).run();
        Jvm.Result r = Jvm.named("config-faults-unreadable").launcher(asNobody).agent("config=" + file).main(ScheduledWork.class).run();
        List<String> said = Invariants.assertUnchanged(base.assertExitCode(0), r);
        assertEquals(List.of("punctual: cannot read config file " + file + ": " + file + "; its settings are ignored"), said);
    }
}
