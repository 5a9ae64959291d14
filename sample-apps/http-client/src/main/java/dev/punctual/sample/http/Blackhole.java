package dev.punctual.sample.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port on 127.0.0.1 where connect() never completes: a listening socket with a backlog of 1 that never
 * accepts, whose queue the app fills itself with connections it keeps open. Linux then drops every
 * further SYN instead of refusing it, and a client's connect() waits for an answer that never comes,
 * until its connect timeout or, without one, the kernel's SYN retries run out (about two minutes).
 */
final class Blackhole {
    /** Longer than any connect to loopback that is answered. */
    private static final int PROBE_MILLIS = 100;
    /** The queue takes backlog + 1 on Linux; more than that means SYNs are not being dropped here. */
    private static final int MAX_QUEUED = 8;

    private final ServerSocket listener;
    /** Held so that the queue stays full; the socket closes if it is collected. */
    private final List<Socket> queued;

    private Blackhole(ServerSocket listener, List<Socket> queued) {
        this.listener = listener;
        this.queued = queued;
    }

    static Blackhole open() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ServerSocket listener = new ServerSocket(0, 1, loopback);
        InetSocketAddress address = new InetSocketAddress(loopback, listener.getLocalPort());
        List<Socket> queued = new ArrayList<>();
        while (queued.size() < MAX_QUEUED) {
            Socket socket = new Socket();
            try {
                socket.connect(address, PROBE_MILLIS);
                queued.add(socket);
            } catch (SocketTimeoutException e) {
                // The first connect that hangs: the queue is full, which is the whole point.
                socket.close();
                return new Blackhole(listener, queued);
            }
        }
        listener.close();
        for (Socket socket : queued) {
            socket.close();
        }
        throw new IOException("cannot make a port where connect() hangs: " + MAX_QUEUED
                + " connections to a backlog of 1 were all accepted by the system");
    }

    int port() {
        return listener.getLocalPort();
    }

    void close() {
        for (Socket socket : queued) {
            closeQuietly(socket);
        }
        closeQuietly(listener);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing at exit; there is nothing left to do about it.
        }
    }
}
