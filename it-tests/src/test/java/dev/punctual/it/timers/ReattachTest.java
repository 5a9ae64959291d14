package dev.punctual.it.timers;

import dev.punctual.it.support.Attach;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The boot loader's classes cannot be removed: attaching the same build again reuses them and applies
 * the new settings; attaching another build is refused with one line, and the first one runs on.
 */
class ReattachTest {
    @Test
    void sameBuildAppliesNewSettingsAndAnotherBuildIsRefused() throws Exception {
        Path jfr = Jvm.file("reattach.jfr");
        Jvm.Started ticker = Jvm.named("reattach").recording(jfr)
                .ticker("--period", "1ms", "--duration", "5s", "--quiet")
                .timeout(Duration.ofSeconds(60)).start();
        long pid = Long.parseLong(ticker.awaitLine("ticker: pid ", Duration.ofSeconds(20)).substring("ticker: pid ".length()).trim());

        Attach.load(pid, "timers.lag.threshold=0");
        Thread.sleep(1000);
        Attach.load(pid, "timers.lag.threshold=off");
        Instant thresholdOff = Instant.now();
        Path otherBuild = anotherBuild();
        Attach.loadJar(pid, otherBuild, "timers.lag.threshold=0");
        Jvm.Result r = ticker.await().assertExitCode(0);

        List<String> lines = r.stderrLines().stream().filter(l -> l.startsWith("punctual:")).toList();
        assertEquals(1, lines.size(), r.stderr);
        assertTrue(lines.get(0).contains("already runs another build of Punctual"), lines.get(0));

        Recording recording = Recording.read(jfr);
        List<RecordedEvent> lag = recording.events("punctual.TimerLag");
        assertTrue(lag.size() > 500, "the first attach recorded every tick: " + lag.size());
        Instant last = lag.get(lag.size() - 1).getStartTime();
        assertTrue(last.isBefore(thresholdOff), "threshold off took effect: last event " + last + ", off at " + thresholdOff);
        // Another build's threshold of 0 was refused with the build: no event came after it either.
        assertTrue(recording.events("punctual.TimerLagSummary").stream().anyMatch(e -> e.getLong("count") > 3000),
                "the summary still counts every tick of the run");
    }

    /** The same agent with one more entry in its bootstrap jar: the same code, another build. */
    private static Path anotherBuild() throws Exception {
        Path out = Jvm.file("punctual-agent-other-build.jar");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(Jvm.AGENT_JAR));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().endsWith("punctual-bootstrap.jar")) {
                    zip.write(withExtraEntry(in.readAllBytes()));
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out;
    }

    private static byte[] withExtraEntry(byte[] jar) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar)); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("another-build.txt"));
            zip.write(Instant.now().toString().getBytes());
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
