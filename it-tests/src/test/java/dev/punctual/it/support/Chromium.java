package dev.punctual.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's headless Chromium, installed when missing (the tests run as root, like CI): opens a page
 * offline and gives back the DOM it built, a screenshot, and every message the page wrote to its
 * console. With --enable-logging=stderr, Chromium logs each console message, uncaught exceptions and
 * Content-Security-Policy refusals included, as a line with ":CONSOLE" in it.
 */
public final class Chromium {
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final String[] FLAGS = {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"};

    private Chromium() {
    }

    /** What a page did when opened. */
    public static final class Page {
        public final String dom;
        public final List<String> consoleMessages;

        Page(String dom, List<String> consoleMessages) {
            this.dom = dom;
            this.consoleMessages = consoleMessages;
        }
    }

    /** Opens {@code html}: its DOM after load, its console messages; and a screenshot when {@code screenshot} is not null. */
    public static Page open(Path html, Path screenshot) throws IOException, InterruptedException {
        install();
        Path dom = Jvm.file(html.getFileName() + ".dom");
        Path err = Jvm.file(html.getFileName() + ".chromium.err");
        run(List.of("--dump-dom", html.toUri().toString()), dom, err);
        List<String> console = Files.readAllLines(err).stream().filter(l -> l.contains(":CONSOLE")).collect(Collectors.toList());
        if (screenshot != null) {
            Files.deleteIfExists(screenshot);
            run(List.of("--window-size=1100,2200", "--screenshot=" + screenshot, html.toUri().toString()),
                    Jvm.file(html.getFileName() + ".shot.out"), Jvm.file(html.getFileName() + ".shot.err"));
        }
        return new Page(Files.readString(dom), console);
    }

    private static void run(List<String> args, Path out, Path err) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("punctual-chromium-");
        try {
            List<String> command = new ArrayList<>();
            command.add(BINARY.toString());
            command.addAll(List.of(FLAGS));
            command.add("--user-data-dir=" + profile);
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("chromium " + args + " did not finish within 90 s");
            }
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void install() throws IOException, InterruptedException {
        DebianPackage.ensure("chromium", () -> Files.isExecutable(BINARY));
    }
}
