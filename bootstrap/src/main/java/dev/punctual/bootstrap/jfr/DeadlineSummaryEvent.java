package dev.punctual.bootstrap.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * Every call counted, per client and target, since the previous summary: the per-call events are
 * bounded per call site, these counts are not.
 */
@Name(DeadlineSummaryEvent.NAME)
@Label("Deadline Summary")
@Description("Calls per client and target since the previous summary: deadlines injected, missing (observe mode) and exceeded.")
@Category({"Punctual", "Deadlines"})
@StackTrace(false)
@Period("endChunk")
public final class DeadlineSummaryEvent extends Event {
    public static final String NAME = "punctual.DeadlineSummary";

    @Label("Client")
    @Description("java.net.http.HttpClient or HttpURLConnection.")
    public String client;

    @Label("Target")
    @Description("host:port, or 'other' past the first 1024 targets.")
    public String target;

    @Label("Injected")
    @Description("Timeouts Punctual set (enforce mode); a call can get two, connect and request/read.")
    public long injected;

    @Label("Missing")
    @Description("Timeouts found missing and left as they were (observe mode).")
    public long missing;

    @Label("Exceeded")
    @Description("Calls that failed because a deadline passed.")
    public long exceeded;
}
