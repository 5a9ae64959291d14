package dev.punctual.cli.top;

import dev.punctual.cli.Failure;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator's terminal, taken over for a full-screen view and given back as it was: its settings
 * (saved with {@code stty -g} and restored), the main screen (the view draws on the alternate one) and
 * the cursor. Giving back happens once, on a normal exit and from a shutdown hook alike, so a signal
 * (kill, or Ctrl-C where the terminal still sends it) leaves a sane terminal too.
 */
final class Terminal implements AutoCloseable {
    private static final String ALTERNATE_SCREEN = "\033[?1049h";
    private static final String MAIN_SCREEN = "\033[?1049l";
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";
    private static final String HOME = "\033[H";
    private static final String CLEAR_LINE_END = "\033[K";
    private static final String CLEAR_SCREEN_END = "\033[J";
    static final int DEFAULT_ROWS = 24;
    static final int DEFAULT_COLUMNS = 80;

    private final PrintStream out;
    private final String saved;
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Thread hook = new Thread(this::restore, "punctual-top-restore");
    private final BlockingQueue<Integer> keys = new ArrayBlockingQueue<>(64);

    private Terminal(PrintStream out, String saved) {
        this.out = out;
        this.saved = saved;
    }

    /** Whether standard input and output are both a terminal: what a full-screen view needs. */
    static boolean interactive() {
        return isTerminal(0) && isTerminal(1);
    }

    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.startsWith("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Unicode where the locale says the terminal speaks UTF-8; plain ASCII otherwise. */
    static boolean unicode() {
        for (String key : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = System.getenv(key);
            if (v != null && !v.isEmpty()) {
                String lower = v.toLowerCase(Locale.ROOT);
                return lower.contains("utf-8") || lower.contains("utf8");
            }
        }
        return false;
    }

    static PrintStream stdout() {
        Charset charset = unicode() ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII;
        return new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, charset);
    }

    /** Takes the terminal over: raw input without echo, the alternate screen, no cursor. */
    static Terminal open() throws Failure {
        String saved = stty("-g").strip();
        Terminal t = new Terminal(stdout(), saved);
        Runtime.getRuntime().addShutdownHook(t.hook);
        stty("raw -echo");
        t.out.print(ALTERNATE_SCREEN + HIDE_CURSOR);
        t.out.flush();
        t.readKeys(System.in);
        return t;
    }

    /** Rows and columns; the classic 80x24 when the terminal does not say. */
    static int[] size() {
        try {
            String[] rc = stty("size").strip().split("\\s+");
            int rows = Integer.parseInt(rc[0]);
            int columns = Integer.parseInt(rc[1]);
            if (rows > 0 && columns > 0) {
                return new int[] {rows, columns};
            }
        } catch (Failure | RuntimeException e) {
            // not a terminal, or one that does not know its size
        }
        return new int[] {DEFAULT_ROWS, DEFAULT_COLUMNS};
    }

    /** Draws a whole frame in place: each line cleared to its end, then everything below, so nothing flickers. */
    void draw(List<String> lines) {
        StringBuilder b = new StringBuilder(HOME);
        for (int i = 0; i < lines.size(); i++) {
            b.append(lines.get(i)).append(CLEAR_LINE_END);
            if (i < lines.size() - 1) {
                b.append("\r\n"); // raw mode: a newline alone would not return the carriage
            }
        }
        b.append(CLEAR_SCREEN_END);
        out.print(b);
        out.flush();
    }

    /** The next key pressed within {@code millis}, or -1. */
    int nextKey(long millis) throws InterruptedException {
        Integer k = keys.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
        return k == null ? -1 : k;
    }

    private void readKeys(InputStream in) {
        Thread reader = new Thread(() -> {
            try {
                for (int c; (c = in.read()) >= 0; ) {
                    keys.offer(c);
                }
            } catch (IOException e) {
                // the terminal went away: the view ends on its own when its target does
            }
            keys.offer(-2);
        }, "punctual-top-keys");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private void restore() {
        if (!restored.compareAndSet(false, true)) {
            return;
        }
        out.print(SHOW_CURSOR + MAIN_SCREEN);
        out.flush();
        try {
            stty(saved);
        } catch (Failure e) {
            System.err.println("punctual: " + e.getMessage() + "; run: stty sane");
        }
    }

    /** Runs stty on the controlling terminal: stdin may be anything, /dev/tty is the operator's. */
    private static String stty(String arguments) throws Failure {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", "stty " + arguments + " < /dev/tty")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] output;
            try (InputStream in = p.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw Failure.failed("stty " + arguments + " did not finish");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw Failure.failed("stty " + arguments + " failed: " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw Failure.failed("cannot run stty: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.failed("stty " + arguments + " interrupted");
        }
    }
}
