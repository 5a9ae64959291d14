package dev.punctual.it.support;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A JFR file read back with the JDK's own consumer API. */
public final class Recording {
    private final List<RecordedEvent> events;

    private Recording(List<RecordedEvent> events) {
        this.events = events;
    }

    public static Recording read(Path file) throws IOException {
        return new Recording(RecordingFile.readAllEvents(file));
    }

    /** Events of one type, in the order they started. */
    public List<RecordedEvent> events(String type) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals(type))
                .sorted(Comparator.comparing(RecordedEvent::getStartTime))
                .collect(Collectors.toList());
    }

    public long count(String typePrefix) {
        return events.stream().filter(e -> e.getEventType().getName().startsWith(typePrefix)).count();
    }

    /** A @Timespan field in nanoseconds. */
    public static long nanos(RecordedEvent e, String field) {
        return e.getDuration(field).toNanos();
    }
}
