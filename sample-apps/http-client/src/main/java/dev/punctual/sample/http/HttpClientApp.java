package dev.punctual.sample.http;

import dev.punctual.sample.common.Args;
import dev.punctual.sample.common.CommandLine;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Calls without a timeout hang for as long as the peer does. A local server on 127.0.0.1 answers at
 * once, late, a byte at a time, or never, and a blackhole port never completes a connection; the app
 * calls one of them with each of the JDK's HTTP clients, with or without the timeouts it is told to set,
 * and prints how each call ended and how long it took. A call still running after the give-up time is
 * reported as hung and left behind, so that the app itself always ends.
 */
public final class HttpClientApp {
    private static final String LOOPBACK = "127.0.0.1";

    private HttpClientApp() {
    }

    public static void main(String[] args) {
        Options options = CommandLine.optionsOrExit("http-client", args, Options::parse, o -> o.help, Options.USAGE);
        if (options == null) {
            return;
        }
        System.out.println("http-client: pid " + ProcessHandle.current().pid());
        System.out.flush();
        try {
            if (options.serve) {
                serve(options);
            } else {
                callAll(options);
            }
        } catch (IOException e) {
            System.err.println("http-client: " + e.getMessage());
            System.exit(1);
        }
        // Calls given up on may still hold threads in the JDK's clients; they are not the app's to stop.
        System.exit(0);
    }

    private static void serve(Options options) throws IOException {
        LocalServer server = LocalServer.start(options.port);
        Blackhole blackhole = Blackhole.open();
        System.out.printf("http-client: serving on %s:%d (blackhole %d)%n", LOOPBACK, server.port(), blackhole.port());
        System.out.flush();
        if (options.durationNanos == 0) {
            waitUntilKilled();
        } else {
            Args.sleep(options.durationNanos);
        }
        server.stop();
        blackhole.close();
    }

    private static void callAll(Options options) throws IOException {
        LocalServer server = null;
        Blackhole blackhole = null;
        String serverHost = options.serverHost;
        int serverPort = options.serverPort;
        int blackholePort = options.blackholePort;
        if (serverHost == null) {
            server = LocalServer.start(options.port);
            blackhole = Blackhole.open();
            serverHost = LOOPBACK;
            serverPort = server.port();
            blackholePort = blackhole.port();
        }
        System.out.printf("http-client: server %s:%d blackhole %s%n", serverHost, serverPort,
                blackholePort == 0 ? "-" : Integer.toString(blackholePort));
        System.out.flush();

        String host = options.host != null ? options.host : serverHost;
        int port = options.endpoint.connectHang() ? blackholePort : serverPort;
        URI uri = uri(host, port, options.endpoint);
        Caller caller = new Caller(options.giveUpNanos);
        int calls = 0;
        int ok = 0;
        int hung = 0;
        for (ClientKind kind : options.clients) {
            // One client per kind, made before its calls: --calls makes them all on the same one.
            Callable<Integer> call = call(kind, uri, options.timeout, options.connectTimeout);
            for (int i = 0; i < options.calls; i++) {
                Caller.Result result = caller.call(call);
                System.out.println(line(kind, host, port, options, result));
                System.out.flush();
                calls++;
                ok += result.ok() ? 1 : 0;
                hung += result.hung() ? 1 : 0;
            }
        }
        System.out.printf("http-client: %d calls, %d ok, %d failed, %d hung%n", calls, ok, calls - ok - hung, hung);
        System.out.flush();
        if (server != null) {
            server.stop();
            blackhole.close();
        }
    }

    /** A call of this kind, to be made as many times as asked, on the same client. */
    private static Callable<Integer> call(ClientKind kind, URI uri, Duration timeout, Duration connectTimeout)
            throws IOException {
        URL url = uri.toURL();
        return switch (kind) {
            case SEND -> {
                HttpClient client = connectTimeout == null
                        ? Calls.newHttpClient()
                        : Calls.httpClientWithConnectTimeout(connectTimeout);
                yield () -> Calls.send(client, Calls.request(uri, timeout));
            }
            case ASYNC -> {
                HttpClient client = connectTimeout == null
                        ? Calls.builtHttpClient()
                        : Calls.httpClientWithConnectTimeout(connectTimeout);
                yield () -> Calls.sendAsync(client, Calls.request(uri, timeout));
            }
            case ASYNC_PUSH -> {
                HttpClient client = connectTimeout == null
                        ? Calls.builtHttpClient()
                        : Calls.httpClientWithConnectTimeout(connectTimeout);
                yield () -> Calls.sendAsyncWithPushHandler(client, Calls.request(uri, timeout));
            }
            case URL -> () -> Calls.urlConnection(url, timeout, connectTimeout);
            case STREAM -> () -> {
                Calls.openStream(url, timeout, connectTimeout);
                return Caller.NO_STATUS;
            };
            case CONTENT -> () -> {
                Calls.getContent(url, timeout, connectTimeout);
                return Caller.NO_STATUS;
            };
        };
    }

    private static URI uri(String host, int port, Endpoint endpoint) {
        try {
            // connect-hang has no path: its connection never gets as far as a request.
            return new URI("http", null, host, port, endpoint.connectHang() ? "/" : endpoint.path(),
                    endpoint.query(), null);
        } catch (URISyntaxException e) {
            // Options checked the host with the same constructor.
            throw new IllegalStateException(e);
        }
    }

    private static String line(ClientKind kind, String host, int port, Options options, Caller.Result result) {
        StringBuilder line = new StringBuilder()
                .append("call client=").append(kind.text)
                .append(" target=").append(host).append(':').append(port)
                .append(" endpoint=").append(options.endpoint.text())
                .append(" timeout=").append(text(options.timeout))
                .append(" connect-timeout=").append(text(options.connectTimeout))
                .append(" outcome=").append(result.outcome())
                .append(" elapsed=").append(result.elapsedMillis()).append("ms")
                .append(" status=").append(result.status() == Caller.NO_STATUS ? "-" : result.status());
        if (result.failure() != null) {
            String message = result.failure().getMessage();
            // One line per call, whatever the message holds.
            line.append(" message=").append(message == null ? "-" : message.replaceAll("\\R", " "));
        }
        return line.toString();
    }

    private static String text(Duration timeout) {
        return timeout == null ? "none" : Args.format(timeout.toNanos());
    }

    private static void waitUntilKilled() {
        try {
            // Nothing counts it down: the server runs until the process is killed.
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
