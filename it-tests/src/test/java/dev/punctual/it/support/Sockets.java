package dev.punctual.it.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, as Linux shows them: /proc/PID/net/tcp and tcp6 list every
 * socket of the process's network namespace with its inode; those whose inode is among the process's
 * open files (/proc/PID/fd) are its own.
 */
public final class Sockets {
    private static final String LISTEN = "0A";

    private Sockets() {
    }

    public static List<InetSocketAddress> listening(long pid) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String[] f : tcp(pid)) {
            if (f[3].equals(LISTEN)) {
                out.add(address(f[1]));
            }
        }
        return out;
    }

    /** The process's TCP sockets, one "state local remote" a line (states in hex, as the kernel has them). */
    public static List<String> describe(long pid) throws IOException {
        List<String> out = new ArrayList<>();
        for (String[] f : tcp(pid)) {
            out.add(f[3] + " " + address(f[1]) + " " + address(f[2]));
        }
        return out;
    }

    /** The rows of /proc/PID/net/tcp and tcp6 that are the process's own sockets, split in fields. */
    private static List<String[]> tcp(long pid) throws IOException {
        Set<String> inodes = open(pid);
        List<String[]> out = new ArrayList<>();
        for (String table : new String[] {"tcp", "tcp6"}) {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                String[] f = line.trim().split("\\s+");
                if (inodes.contains(f[9])) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** How many sockets (of any kind) the process has open. */
    public static int openCount(long pid) throws IOException {
        return open(pid).size();
    }

    /** The inodes of the process's open sockets. */
    private static Set<String> open(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // a file closed while we read the directory
                }
            }
        }
        return inodes;
    }

    /** "0100007F:1F90" is 127.0.0.1:8080: the address in the kernel's byte order, 32 bits at a time. */
    static InetSocketAddress address(String hex) throws IOException {
        String[] parts = hex.split(":");
        byte[] raw = HexFormat.of().parseHex(parts[0]);
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = raw[word + 3 - i];
            }
        }
        return new InetSocketAddress(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
    }
}
