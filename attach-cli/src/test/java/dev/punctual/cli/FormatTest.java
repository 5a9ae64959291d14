package dev.punctual.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatTest {
    @Test
    void durationsReadAtAGlance() {
        assertEquals("850 ns", Format.nanos(850));
        assertEquals("83.2 us", Format.nanos(83_210));
        assertEquals("6.49 ms", Format.nanos(6_490_000));
        assertEquals("250 ms", Format.nanos(250_000_000));
        assertEquals("1.20 s", Format.nanos(1_200_000_000));
        assertEquals("45s", Format.uptime(Duration.ofSeconds(45)));
        assertEquals("12m03s", Format.uptime(Duration.ofSeconds(723)));
        assertEquals("3h12m", Format.uptime(Duration.ofMinutes(192)));
        assertEquals("4d02h", Format.uptime(Duration.ofHours(98)));
    }
}
