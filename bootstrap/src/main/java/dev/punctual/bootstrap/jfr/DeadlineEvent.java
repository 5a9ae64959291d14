package dev.punctual.bootstrap.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** What punctual.DeadlineInjected and punctual.DeadlineMissing both say about a call without a deadline. */
@Category({"Punctual", "Deadlines"})
@StackTrace(true)
public abstract class DeadlineEvent extends Event {
    @Label("Client")
    @Description("The HTTP client that made the call: java.net.http.HttpClient or HttpURLConnection.")
    public String client;

    @Label("Target")
    @Description("Where the call went, host:port, the host as the call named it.")
    public String target;

    @Label("Kind")
    @Description("Which timeout was missing: request (java.net.http, the whole exchange up to the response headers), read (HttpURLConnection, each read) or connect.")
    public String kind;

    @Label("Timeout")
    @Description("The deadline given: set on the call in enforce mode, what enforce would set in observe mode.")
    @Timespan
    public long timeout;

    @Label("Rule")
    @Description("The setting that supplied the timeout, e.g. punctual.http.timeout.api.example.com, or budget: the remaining time of the inbound request the call was made for.")
    public String rule;
}
