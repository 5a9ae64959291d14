package dev.punctual.cli.top;

import dev.punctual.cli.Failure;
import dev.punctual.cli.report.Tally;
import dev.punctual.cli.target.TargetJvm;
import jdk.management.jfr.RemoteRecordingStream;

import javax.management.MBeanServerConnection;
import java.time.Duration;
import java.time.Instant;

/**
 * Punctual's events from a running JVM as they are written: a JFR recording in the target, streamed
 * over its local JMX connector, added up into a {@link Tally}. The summaries are asked for every
 * refresh interval (JFR runs a periodic event at the shortest period any recording asks for), so they
 * come once a second instead of every ten; while top runs, the target's other recordings get them as
 * often too, and their counts still add up.
 */
final class LiveFeed implements AutoCloseable {
    /** Summary intervals and recent deaths and clock steps kept: more than the widest screen shows. */
    private static final int KEEP = 240;

    private final RemoteRecordingStream stream;
    private final Tally tally = new Tally(KEEP, KEEP);
    private final Instant started = Instant.now();
    private volatile Instant lastSummary;
    private volatile boolean closed;
    private volatile String error;

    private LiveFeed(RemoteRecordingStream stream) {
        this.stream = stream;
    }

    static LiveFeed start(MBeanServerConnection connection, long pid, Duration interval) throws Failure {
        RemoteRecordingStream stream = TargetJvm.bounded("start a JFR stream in " + pid, () -> new RemoteRecordingStream(connection));
        LiveFeed feed = new LiveFeed(stream);
        for (String event : Tally.EVENTS) {
            if (event.equals(Tally.TIMER_LAG_SUMMARY) || event.equals(Tally.DEADLINE_SUMMARY)) {
                stream.enable(event).withPeriod(interval);
            } else {
                stream.enable(event);
            }
        }
        stream.onEvent(feed::accept);
        stream.onError(t -> feed.error = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        stream.onClose(() -> feed.closed = true);
        TargetJvm.bounded("start a JFR stream in " + pid, () -> {
            stream.startAsync();
            return null;
        });
        return feed;
    }

    private void accept(jdk.jfr.consumer.RecordedEvent e) {
        synchronized (tally) {
            tally.accept(e);
        }
        String type = e.getEventType().getName();
        if (type.equals(Tally.TIMER_LAG_SUMMARY) || type.equals(Tally.DEADLINE_SUMMARY)) {
            lastSummary = Instant.now();
        }
    }

    /** Runs {@code reader} on the tally while no event can change it. */
    <T> T read(java.util.function.Function<Tally, T> reader) {
        synchronized (tally) {
            return reader.apply(tally);
        }
    }

    Instant started() {
        return started;
    }

    /** When the latest summary arrived, or null before the first. */
    Instant lastSummary() {
        return lastSummary;
    }

    /** Why the stream ended, or null while it runs. */
    String ended() {
        if (error != null) {
            return error;
        }
        return closed ? "the JFR stream ended" : null;
    }

    @Override
    public void close() {
        try {
            TargetJvm.bounded("stop the JFR stream", () -> {
                stream.close();
                return null;
            });
        } catch (Failure ignored) {
            // the target is gone or not answering: its recording ends with it
        }
    }
}
