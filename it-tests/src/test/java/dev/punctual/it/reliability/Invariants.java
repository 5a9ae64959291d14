package dev.punctual.it.reliability;

import dev.punctual.it.support.Jvm;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every fault scenario checks, against the same application run without the agent: the same exit
 * code and stdout, no frame of Punctual's in anything the application saw (its LEAK lines), and nothing
 * on stderr beyond the baseline's but Punctual's own one-line messages.
 */
final class Invariants {
    private Invariants() {
    }

    /** @return the lines Punctual added to stderr, each checked to be one of its one-line messages */
    static List<String> assertUnchanged(Jvm.Result baseline, Jvm.Result withAgent) {
        assertEquals(baseline.exitCode, withAgent.exitCode, "exit code\n" + withAgent);
        assertFalse(withAgent.stdout.contains("LEAK"), "an exception of Punctual's reached the application:\n" + withAgent.stdout);
        assertEquals(baseline.stdout, withAgent.stdout, "the application's output is unchanged");
        List<String> added = new ArrayList<>(withAgent.stderrLines());
        for (String line : baseline.stderrLines()) {
            added.remove(line);
        }
        for (String line : added) {
            assertTrue(line.startsWith("punctual: ") && !line.contains("\tat "), "not one of Punctual's one-line messages: '" + line
                    + "'\nstderr:\n" + withAgent.stderr);
        }
        assertEquals(added.size(), added.stream().distinct().count(), "each said once: " + added);
        return added;
    }
}
