package dev.punctual.sample.http;

import dev.punctual.sample.common.CommandLine;
import dev.punctual.sample.common.UsageException;

import static dev.punctual.sample.common.Args.count;
import static dev.punctual.sample.common.Args.positiveDuration;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The command line of {@link HttpClientApp}. */
final class Options {

    static final String USAGE = """
            Usage: java -jar http-client.jar [OPTIONS]

            HTTP calls made without a timeout hang for as long as the peer does. The app starts a
            local server on 127.0.0.1 whose endpoints answer at once, late, a byte at a time, or
            never, and a blackhole port where connect() never completes; then it calls them with
            the JDK's HTTP clients, each call on a thread of its own, and prints one line per call.

            Server:
              --serve              only run the server, until killed or for --duration
              --port N             the server's port (default 0: any free port)
              --duration DUR       with --serve: stop after DUR (default: run until killed)

            Client:
              --server HOST:PORT   call a server started elsewhere with --serve, not one in-process
              --blackhole PORT     with --server: that server's blackhole port, for connect-hang
              --client KIND        send (HttpClient.send), async (HttpClient.sendAsync, then wait),
                                   async-push (sendAsync with a PushPromiseHandler),
                                   url (HttpURLConnection.getResponseCode, then the body),
                                   stream (URL.openStream), content (URL.getContent),
                                   or all: each in turn (default all)
              --host NAME          the host name in the URL (default: the server's, 127.0.0.1)
              --endpoint E         ok: 200 at once; hang: never answers; delay:DUR: 200 after DUR;
                                   trickle:BYTES:DUR: 200 at once, then one byte of the body
                                   every DUR; connect-hang: the blackhole port (default hang)
              --timeout DUR        the call's own timeout: HttpRequest.Builder.timeout, or
                                   URLConnection.setReadTimeout (default none)
              --connect-timeout DUR  HttpClient.Builder.connectTimeout, or
                                   URLConnection.setConnectTimeout (default none)
              --calls N            calls per client kind, one after another (default 1)
              --give-up DUR        report a call still running after DUR as hung and go on
                                   without it (default 10s)
              --help               print this text

            URL.openStream and URL.getContent cannot take a timeout: with --timeout or
            --connect-timeout, stream and content open the URLConnection themselves, set its
            timeouts, and call getInputStream or getContent on it.

            Without --connect-timeout, send uses HttpClient.newHttpClient(), and async and
            async-push HttpClient.newBuilder().build(): both ways of making a client that has none.

            DUR is a whole number with a unit: ns, us, ms, s or m (e.g. 250us, 500ms, 2s, 1m).
            The timeouts must be whole milliseconds, which is what URLConnection takes.
            """;

    /** Options that only mean something to the client, refused with --serve. */
    private static final Set<String> CLIENT_OPTIONS = Set.of("--server", "--blackhole", "--client", "--host",
            "--endpoint", "--timeout", "--connect-timeout", "--calls", "--give-up");

    boolean serve = false;
    int port = 0;
    /** Zero: serve until killed. */
    long durationNanos = 0;
    /** Null: start a server in-process. */
    String serverHost = null;
    int serverPort = 0;
    /** Zero when unknown: an external server's blackhole port not given. */
    int blackholePort = 0;
    List<ClientKind> clients = List.of(ClientKind.values());
    /** Null: the server's own host. */
    String host = null;
    Endpoint endpoint = new Endpoint("hang", "/hang", null);
    /** Null: none, which is the point. */
    Duration timeout = null;
    Duration connectTimeout = null;
    int calls = 1;
    long giveUpNanos = TimeUnit.SECONDS.toNanos(10);
    boolean help = false;

    private static final Set<String> VALUED = Set.of("--port", "--duration", "--server", "--blackhole", "--client",
            "--host", "--endpoint", "--timeout", "--connect-timeout", "--calls", "--give-up");

    static Options parse(String[] args) throws UsageException {
        Options options = new Options();
        Set<String> given = new HashSet<>();
        for (CommandLine.Option option : CommandLine.split(args, VALUED, Set.of("--help", "--serve"))) {
            String name = option.name();
            String value = option.value();
            if (name.equals("--help") || name.equals("--serve")) {
                given.add(name);
                options.help |= name.equals("--help");
                options.serve |= name.equals("--serve");
                continue;
            }
            given.add(name);
            switch (name) {
                case "--port" -> options.port = port(name, value, 0);
                case "--duration" -> options.durationNanos = positiveDuration(name, value);
                case "--server" -> options.server(value);
                case "--blackhole" -> options.blackholePort = port(name, value, 1);
                case "--client" -> options.clients = clients(value);
                case "--host" -> options.host = host(value);
                case "--endpoint" -> options.endpoint = Endpoint.parse(value);
                case "--timeout" -> options.timeout = millis(name, value);
                case "--connect-timeout" -> options.connectTimeout = millis(name, value);
                case "--calls" -> options.calls = count(name, value, 1);
                case "--give-up" -> options.giveUpNanos = positiveDuration(name, value);
                default -> throw new AssertionError(name);
            }
        }
        options.check(given);
        return options;
    }

    private void check(Set<String> given) throws UsageException {
        if (serve) {
            for (String option : given) {
                if (CLIENT_OPTIONS.contains(option)) {
                    throw new UsageException(option + " is for the client; --serve only runs the server");
                }
            }
            return;
        }
        if (given.contains("--duration")) {
            throw new UsageException("--duration goes with --serve; the client stops after its calls");
        }
        if (serverHost == null) {
            if (given.contains("--blackhole")) {
                throw new UsageException("--blackhole goes with --server; the in-process server has its own");
            }
        } else {
            if (given.contains("--port")) {
                throw new UsageException("--port is for the in-process server; --server names one elsewhere");
            }
            if (endpoint.connectHang() && blackholePort == 0) {
                throw new UsageException("--endpoint connect-hang with --server needs that server's --blackhole PORT");
            }
        }
    }

    private void server(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--server wants HOST:PORT, got '" + text + "'");
        }
        serverHost = host(text.substring(0, colon));
        serverPort = port("--server port", text.substring(colon + 1), 1);
    }

    private static List<ClientKind> clients(String text) throws UsageException {
        if (text.equals("all")) {
            return List.of(ClientKind.values());
        }
        ClientKind kind = ClientKind.named(text);
        if (kind == null) {
            throw new UsageException("--client wants send, async, async-push, url, stream, content or all, got '"
                    + text + "'");
        }
        return List.of(kind);
    }

    private static String host(String text) throws UsageException {
        try {
            // The constructor that makes the call's URI, which puts an IPv6 address in brackets; it takes
            // anything, and a host that is not one comes out as part of the path, or not at all.
            String host = new URI("http", null, text, 80, "/", null, null).getHost();
            if (!text.isEmpty() && (text.equals(host) || ("[" + text + "]").equals(host))) {
                return text;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        throw new UsageException("bad host name '" + text + "'");
    }

    private static int port(String option, String text, int min) throws UsageException {
        int port = count(option, text, min);
        if (port > 65535) {
            throw new UsageException(option + ": no port " + port + " (at most 65535)");
        }
        return port;
    }

    /** A timeout both clients can take: URLConnection's are whole milliseconds in an int, and 0 means none. */
    private static Duration millis(String option, String text) throws UsageException {
        long nanos = positiveDuration(option, text);
        if (nanos % 1_000_000 != 0) {
            throw new UsageException(option + " must be whole milliseconds, got '" + text + "'");
        }
        if (nanos / 1_000_000 > Integer.MAX_VALUE) {
            throw new UsageException(option + ": duration '" + text + "' is too large");
        }
        return Duration.ofNanos(nanos);
    }
}
