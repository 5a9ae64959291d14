package dev.punctual.bootstrap.deadlines;

import dev.punctual.bootstrap.AgentThreads;
import dev.punctual.bootstrap.budget.Budget;
import dev.punctual.bootstrap.budget.Budgets;
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
    /**
     * @param name the host for HTTP, with its port; gRPC's service/method, with port -1: the target is
     *             made of them once, not on every call
     */
    public static long missing(String client, String kind, String name, int port, DeadlineRules.Rule rule) {
        if (rule.nanos < 0 || isAgentThread()) {
            return -1;
        }
        boolean enforce = DeadlineRules.enforce();
        DeadlineSummaries.Counts counts = DeadlineSummaries.of(client, kind, name, port);
        (enforce ? counts.injected : counts.missing).incrementAndGet();
        report(enforce, counts, rule.nanos, rule.key);
        return enforce ? rule.nanos : -1;
    }

    /** What the events' rule field says when the inbound request's budget set the timeout. */
    public static final String BUDGET_RULE = "budget";
    /** What {@link #budgeted} returns in observe mode for a call it reported. */
    public static final long REPORTED = -2;

    /**
     * A call made for work that has a budget (see {@link Budgets}): its timeout is the shorter of its own
     * (or the default enforce gives it) and the budget's remaining time less the reserve. Reported with
     * the rule "budget" when the budget is the shorter: injected in enforce mode, missing in observe mode.
     *
     * @param name     as for {@link #missing}
     * @param ownNanos the call's own timeout, or -1 when it has none
     * @param rule     the default a call without a timeout gets, or null for none
     * @return the timeout to set, in ns (0 when the budget ran out: the call must fail at once);
     *         {@link #REPORTED} in observe mode when the budget would have shortened the call: it stays
     *         as it is, and is not reported again as missing a default; or -1 when the budget changes
     *         nothing (no budget, a shorter own timeout, the agent's own call)
     */
    public static long budgeted(String client, String kind, String name, int port, long ownNanos, DeadlineRules.Rule rule) {
        Budget budget = Budgets.current();
        if (budget == null || isAgentThread()) {
            return -1;
        }
        boolean enforce = DeadlineRules.enforce();
        long left = Math.max(0, budget.remainingNanos() - Budgets.reserveNanos());
        long otherwise = ownNanos >= 0 ? ownNanos : enforce && rule != null && rule.nanos >= 0 ? rule.nanos : Long.MAX_VALUE;
        if (left >= otherwise) {
            return -1;
        }
        DeadlineSummaries.Counts counts = DeadlineSummaries.of(client, kind, name, port);
        (enforce ? counts.injected : counts.missing).incrementAndGet();
        report(enforce, counts, left, BUDGET_RULE);
        // Read again: the report may have taken a while (the first one loads classes), and the call's
        // own timer only starts after this returns.
        return enforce ? Math.max(0, budget.remainingNanos() - Budgets.reserveNanos()) : REPORTED;
    }

    private static void report(boolean enforce, DeadlineSummaries.Counts counts, long timeoutNanos, String rule) {
        if (Jfr.started() && counts.reportGate.open()) {
            DeadlineEvent event = enforce ? new DeadlineInjectedEvent() : new DeadlineMissingEvent();
            if (event.isEnabled() && CallSites.mayReport(enforce ? DeadlineInjectedEvent.NAME : DeadlineMissingEvent.NAME)) {
                event.client = counts.client;
                event.target = counts.target;
                event.kind = counts.kind;
                event.timeout = timeoutNanos;
                event.rule = rule;
                event.commit();
            }
        }
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
    public static void exceeded(String client, String kind, String name, int port, long timeoutNanos, long elapsedNanos,
                                boolean injected) {
        if (isAgentThread()) {
            return; // the agent's own call (a URLConnection read on its thread, say) is not the application's
        }
        DeadlineSummaries.Counts counts = DeadlineSummaries.of(client, kind, name, port);
        counts.exceeded.incrementAndGet();
        if (Jfr.started() && counts.exceededGate.open()) {
            DeadlineExceededEvent event = new DeadlineExceededEvent();
            if (event.isEnabled() && CallSites.mayReport(DeadlineExceededEvent.NAME)) {
                event.client = client;
                // Beyond the summaries' bound the event still names its own target: it is rare, and bounded.
                event.target = counts.isOther() ? DeadlineSummaries.target(name, port) : counts.target;
                event.kind = kind;
                event.timeout = timeoutNanos;
                event.elapsed = elapsedNanos;
                event.injected = injected;
                event.commit();
            }
        }
    }
}
