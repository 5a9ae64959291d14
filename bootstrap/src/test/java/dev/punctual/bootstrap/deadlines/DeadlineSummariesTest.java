package dev.punctual.bootstrap.deadlines;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class DeadlineSummariesTest {
    @AfterEach
    void forget() {
        DeadlineSummaries.stop();
    }

    @Test
    void eachClientKindAndTargetIsCountedApartUnderItsText() {
        DeadlineSummaries.Counts request = DeadlineSummaries.of("HttpClient", "request", "example.org", 443);
        assertEquals("example.org:443", request.target);
        // A host string built anew for each call still finds the same counts.
        assertSame(request, DeadlineSummaries.of("HttpClient", "request", new String("example.org"), 443));
        DeadlineSummaries.Counts connect = DeadlineSummaries.of("HttpClient", "connect", "example.org", 443);
        DeadlineSummaries.Counts otherPort = DeadlineSummaries.of("HttpClient", "request", "example.org", 8443);
        DeadlineSummaries.Counts otherClient = DeadlineSummaries.of("HttpURLConnection", "request", "example.org", 443);
        DeadlineSummaries.Counts grpc = DeadlineSummaries.of("grpc-java", "deadline", "echo.Echo/Say", -1);
        assertEquals("echo.Echo/Say", grpc.target);
        assertEquals("null:80", DeadlineSummaries.of("HttpClient", "request", null, 80).target);
        for (DeadlineSummaries.Counts c : new DeadlineSummaries.Counts[]{connect, otherPort, otherClient}) {
            assertNotSame(request, c);
        }
        assertEquals("example.org:8443", otherPort.target);
        assertEquals(6, DeadlineSummaries.all().size(), "one each: the repeated lookup found the first");
    }

    @Test
    void beyondTheBoundTargetsAreCountedTogetherPerClientAndKind() {
        for (int i = 0; i < DeadlineSummaries.MAX_KEYS; i++) {
            DeadlineSummaries.of("HttpClient", "request", "host-" + i, 80).injected.incrementAndGet();
        }
        DeadlineSummaries.Counts first = DeadlineSummaries.of("HttpClient", "request", "host-0", 80);
        assertEquals("host-0:80", first.target, "those counted apart stay apart");
        DeadlineSummaries.Counts beyond = DeadlineSummaries.of("HttpClient", "request", "one-more", 80);
        assertEquals(DeadlineSummaries.OTHER, beyond.target);
        assertSame(beyond, DeadlineSummaries.of("HttpClient", "request", "and-another", 81));
        assertNotSame(beyond, DeadlineSummaries.of("HttpClient", "connect", "and-another", 81));
        beyond.injected.incrementAndGet();
        assertEquals(DeadlineSummaries.MAX_KEYS + 1, DeadlineSummaries.totals()[0]);
        assertEquals(DeadlineSummaries.MAX_KEYS + 2, DeadlineSummaries.all().size());
    }
}
