package dev.punctual.bootstrap.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A call that failed because its deadline passed, whoever set the deadline. */
@Name(DeadlineExceededEvent.NAME)
@Label("Deadline Exceeded")
@Description("A call failed because a deadline passed: HttpTimeoutException, HttpConnectTimeoutException or SocketTimeoutException.")
@Category({"Punctual", "Deadlines"})
@StackTrace(true)
public final class DeadlineExceededEvent extends Event {
    public static final String NAME = "punctual.DeadlineExceeded";

    @Label("Client")
    @Description("The HTTP client that made the call: java.net.http.HttpClient or HttpURLConnection.")
    public String client;

    @Label("Target")
    @Description("Where the call went, host:port.")
    public String target;

    @Label("Kind")
    @Description("Which deadline passed: request, read or connect.")
    public String kind;

    @Label("Timeout")
    @Description("The timeout that passed.")
    @Timespan
    public long timeout;

    @Label("Elapsed")
    @Description("How long the call ran before it failed, from its start (HttpURLConnection: from its connect).")
    @Timespan
    public long elapsed;

    @Label("Injected")
    @Description("Whether the deadline was Punctual's default (true) or the application's own (false).")
    public boolean injected;
}
