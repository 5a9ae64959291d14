package dev.punctual.it.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.concurrent.Executors;

/**
 * The same call without a timeout to an endpoint that never answers, from an application thread and
 * from a thread named like the agent's own: prints how each ended within 2 s ("hung" if it had not).
 */
public final class OwnTraffic {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/hang", exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // the server stops
            }
        });
        server.start();
        URL url = new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/hang");
        for (String name : new String[]{"application-caller", "punctual-exporter"}) {
            String[] outcome = {"hung"};
            Thread caller = new Thread(() -> {
                try (InputStream in = url.openStream()) {
                    in.readAllBytes();
                    outcome[0] = "ok";
                } catch (IOException e) {
                    outcome[0] = e.getClass().getSimpleName();
                }
            }, name);
            caller.setDaemon(true);
            caller.start();
            caller.join(2000);
            System.out.println(name + " " + outcome[0]);
        }
        System.exit(0);
    }
}
