package dev.punctual.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgentArgumentsTest {
    @Test
    void goodSettingsBecomeAgentArguments() throws Failure {
        assertEquals("timers.lag.threshold=2ms,punctual.mode=observe",
                AgentArguments.of(List.of("timers.lag.threshold=2ms", "punctual.mode=observe")));
        assertEquals("http.timeout.api.example.com:8443=2s", AgentArguments.of(List.of("http.timeout.api.example.com:8443=2s")));
        assertEquals("", AgentArguments.of(List.of()));
    }

    @Test
    void badSettingsAreUsageErrorsInTheCommandsWords() {
        Failure unknown = assertThrows(Failure.class, () -> AgentArguments.of(List.of("timers.lag.treshold=2ms")));
        assertEquals(Failure.USAGE, unknown.exitCode());
        assertEquals("unknown setting punctual.timers.lag.treshold=2ms (did you mean punctual.timers.lag.threshold?)", unknown.getMessage());
        Failure bad = assertThrows(Failure.class, () -> AgentArguments.of(List.of("http.timeout=soon")));
        assertEquals("punctual.http.timeout=soon: not a duration (use e.g. 250us, 500ms, 2s, 1m, PT2S, 0 or off)", bad.getMessage());
        Failure badTarget = assertThrows(Failure.class, () -> AgentArguments.of(List.of("http.timeout.bad host=2s")));
        assertEquals(Failure.USAGE, badTarget.exitCode());
        assertEquals("'mode' is not a setting: expected key=value, e.g. timers.lag.threshold=2ms",
                assertThrows(Failure.class, () -> AgentArguments.of(List.of("mode"))).getMessage());
        assertEquals(Failure.USAGE, assertThrows(Failure.class, () -> AgentArguments.of(List.of("otlp.headers=a=1,b=2"))).exitCode());
    }
}
