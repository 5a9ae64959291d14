package dev.punctual.bootstrap.deadlines;

import dev.punctual.bootstrap.AgentThreads;
import dev.punctual.bootstrap.jfr.DeadlineEvent;
import dev.punctual.bootstrap.jfr.DeadlineExceededEvent;
import dev.punctual.bootstrap.jfr.DeadlineInjectedEvent;
import dev.punctual.bootstrap.jfr.DeadlineMissingEvent;
import dev.punctual.bootstrap.jfr.Jfr;

/**
 * The policy every HTTP client's instrumentation shares: what a call without a deadline gets, what is
 * reported about it, and how calls that ran out of time are reported.
 */
public final class Deadlines {
    private Deadlines() {
    }

    /**
     * A call has no deadline of this kind.
     *
     * @return the timeout to set, in ns, or -1 to leave the call as it is (observe mode, the rule is off
     *         for this target, or the call is the agent's own)
     */
    /** @param target host:port for HTTP, service/method for gRPC */
    public static long missing(String client, String kind, String target, DeadlineRules.Rule rule) {
        if (rule.nanos < 0 || isAgentThread()) {
            return -1;
        }
        boolean enforce = DeadlineRules.enforce();
        DeadlineSummaries.Counts counts = DeadlineSummaries.of(client, kind, target);
        (enforce ? counts.injected : counts.missing).incrementAndGet();
        if (Jfr.started()) {
            DeadlineEvent event = enforce ? new DeadlineInjectedEvent() : new DeadlineMissingEvent();
            if (event.isEnabled() && CallSites.mayReport(enforce ? DeadlineInjectedEvent.NAME : DeadlineMissingEvent.NAME)) {
                event.client = client;
                event.target = target;
                event.kind = kind;
                event.timeout = rule.nanos;
                event.rule = rule.key;
                event.commit();
            }
        }
        return enforce ? rule.nanos : -1;
    }

    /** Forgets the call sites seen (on detach). */
    public static void forget() {
        CallSites.forget();
    }

    /** The agent's own threads (see {@link AgentThreads}) make calls that are never touched. */
    public static boolean isAgentThread() {
        return AgentThreads.isAgentThread();
    }

    /** A call failed because a deadline of this kind passed; its event is bounded per call site too. */
    public static void exceeded(String client, String kind, String target, long timeoutNanos, long elapsedNanos,
                                boolean injected) {
        if (isAgentThread()) {
            return; // the agent's own call (a URLConnection read on its thread, say) is not the application's
        }
        DeadlineSummaries.of(client, kind, target).exceeded.incrementAndGet();
        if (Jfr.started()) {
            DeadlineExceededEvent event = new DeadlineExceededEvent();
            if (event.isEnabled() && CallSites.mayReport(DeadlineExceededEvent.NAME)) {
                event.client = client;
                event.target = target;
                event.kind = kind;
                event.timeout = timeoutNanos;
                event.elapsed = elapsedNanos;
                event.injected = injected;
                event.commit();
            }
        }
    }
}
