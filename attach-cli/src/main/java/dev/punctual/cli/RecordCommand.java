package dev.punctual.cli;

import dev.punctual.cli.target.AgentJar;
import dev.punctual.cli.target.TargetJvm;
import jdk.jfr.Configuration;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.management.jfr.FlightRecorderMXBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Records the JVM with JFR for a while, with JFR's default settings and Punctual's, and writes "
                + "the recording here: for JDK Mission Control or for punctual report. Ctrl-C ends it early and "
                + "still writes it.")
final class RecordCommand implements Callable<Integer> {
    private static final String RECORDER = "jdk.management.jfr:type=FlightRecorder";

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    long pid;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "30s", converter = DurationOption.class,
            description = "how long to record (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--out", paramLabel = "FILE.jfr", required = true, description = "where to write the recording")
    Path out;

    @Override
    public Integer call() throws Failure {
        Path target = checkWritable(out);
        Map<String, String> settings = settings();
        CountDownLatch written = new CountDownLatch(1);
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            MBeanServerConnection connection = jvm.jmx();
            ObjectName name = TargetJvm.bounded("find JFR in " + pid, () -> new ObjectName(RECORDER));
            if (!TargetJvm.bounded("find JFR in " + pid, () -> connection.isRegistered(name))) {
                throw Failure.failed("process " + pid + " has no JFR (module jdk.management.jfr) to record with");
            }
            FlightRecorderMXBean jfr = JMX.newMXBeanProxy(connection, name, FlightRecorderMXBean.class);
            long id = TargetJvm.bounded("start a recording in " + pid, jfr::newRecording);
            try {
                TargetJvm.bounded("start a recording in " + pid, () -> {
                    jfr.setRecordingSettings(id, settings);
                    jfr.setRecordingOptions(id, Map.of("name", "punctual-record", "disk", "true"));
                    jfr.startRecording(id);
                    return null;
                });
                System.out.println("recording " + pid + " for " + Format.nanos(duration.toNanos()) + " ...");
                waitOrInterrupt(written);
                TargetJvm.bounded("stop the recording in " + pid, () -> jfr.stopRecording(id));
                copy(jfr, id, target);
                System.out.println("wrote " + target + describe(target));
            } finally {
                try {
                    TargetJvm.bounded("close the recording in " + pid, () -> {
                        jfr.closeRecording(id);
                        return null;
                    });
                } catch (Failure ignored) {
                    // the target is gone or busy: its recording ends with it
                }
            }
        } finally {
            written.countDown();
        }
        return 0;
    }

    /**
     * Waits out the duration. Ctrl-C ends the wait early; the JVM then halts as soon as its shutdown hooks
     * return, so the hook waits (boundedly) until the recording has been written.
     */
    private void waitOrInterrupt(CountDownLatch written) {
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            main.interrupt();
            try {
                written.await(TargetJvm.TIMEOUT_SECONDS * 3, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // give up waiting: the JVM exits
            }
        }, "punctual-record-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            System.out.println("interrupted: writing what was recorded so far");
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs and waits for the copy
        }
        Thread.interrupted(); // the copy below must not see an interrupt
    }

    /** The output's parent must exist and be writable, and the output not a directory: checked before the target is touched. */
    static Path checkWritable(Path out) throws Failure {
        Path abs = out.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw Failure.usage(out + " is a directory");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw Failure.usage("cannot write " + out + ": no directory " + parent);
        }
        if (!Files.isWritable(parent) || (Files.exists(abs) && !Files.isWritable(abs))) {
            throw Failure.usage("cannot write " + out + ": permission denied");
        }
        return abs;
    }

    /** JFR's default settings with Punctual's on top, read from the agent jar that attach would load. */
    private static Map<String, String> settings() throws Failure {
        Map<String, String> settings = new HashMap<>();
        try {
            settings.putAll(Configuration.getConfiguration("default").getSettings());
        } catch (IOException | ParseException e) {
            throw Failure.failed("cannot read JFR's default settings: " + e.getMessage());
        }
        try (ZipFile jar = new ZipFile(AgentJar.path().toFile());
             Reader jfc = new InputStreamReader(jar.getInputStream(jar.getEntry("punctual.jfc")), StandardCharsets.UTF_8)) {
            settings.putAll(Configuration.create(jfc).getSettings());
        } catch (IOException | ParseException | NullPointerException e) {
            throw Failure.failed("cannot read punctual.jfc from the agent jar: " + e);
        }
        return settings;
    }

    /** Streams the recording out of the target into a temporary file beside the output, then moves it in place. */
    private void copy(FlightRecorderMXBean jfr, long id, Path target) throws Failure {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            long stream = TargetJvm.bounded("read the recording from " + pid, () -> jfr.openStream(id, Map.of("blockSize", "1048576")));
            try (OutputStream o = Files.newOutputStream(part)) {
                while (true) {
                    byte[] block = TargetJvm.bounded("read the recording from " + pid, () -> jfr.readStream(stream));
                    if (block == null) {
                        break;
                    }
                    o.write(block);
                }
            } finally {
                TargetJvm.bounded("read the recording from " + pid, () -> {
                    jfr.closeStream(stream);
                    return null;
                });
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw Failure.failed("cannot write " + target + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Size and Punctual event count, so that an empty recording is seen at once. */
    private static String describe(Path file) {
        long events = 0;
        try (RecordingFile r = new RecordingFile(file)) {
            while (r.hasMoreEvents()) {
                RecordedEvent e = r.readEvent();
                if (e.getEventType().getName().startsWith("punctual.")) {
                    events++;
                }
            }
            return ": " + Files.size(file) / 1024 + " KiB, " + events + " Punctual events";
        } catch (IOException e) {
            return ": " + e.getMessage();
        }
    }
}
