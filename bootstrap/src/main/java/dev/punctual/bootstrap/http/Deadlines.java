package dev.punctual.bootstrap.http;

import dev.punctual.bootstrap.jfr.DeadlineEvent;
import dev.punctual.bootstrap.jfr.DeadlineInjectedEvent;
import dev.punctual.bootstrap.jfr.DeadlineMissingEvent;
import dev.punctual.bootstrap.jfr.Jfr;

/** What every client's instrumentation does with a call that has no deadline of some kind. */
final class Deadlines {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private Deadlines() {
    }

    /**
     * @return the timeout to set, in ms (at least 1), or 0 to leave the call as it is (observe mode, or
     *         the rule is off)
     */
    static int missing(String client, String kind, String host, int port, DeadlineRules.Rule rule) {
        if (rule.nanos < 0 || Thread.currentThread().getName().startsWith("punctual-")) {
            return 0; // off for this target, or the agent's own traffic
        }
        boolean enforce = DeadlineRules.enforce;
        if (Jfr.PRESENT) {
            DeadlineEvent event = enforce ? new DeadlineInjectedEvent() : new DeadlineMissingEvent();
            if (event.isEnabled() && CallSites.mayReport()) {
                event.client = client;
                event.target = host + ":" + port;
                event.kind = kind;
                event.timeout = rule.nanos;
                event.rule = rule.key;
                event.commit();
            }
        }
        return enforce ? (int) Math.max(1, Math.min(Integer.MAX_VALUE, (rule.nanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI)) : 0;
    }
}
