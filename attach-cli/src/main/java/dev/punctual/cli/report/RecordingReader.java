package dev.punctual.cli.report;

import dev.punctual.cli.Failure;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a JFR file into a {@link Tally}, or says in one line why the file is not a recording it can read. */
final class RecordingReader {
    private RecordingReader() {
    }

    static Tally read(Path file) throws Failure {
        if (!Files.exists(file)) {
            throw Failure.usage(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw Failure.usage(file + ": is a directory, not a JFR recording");
        }
        if (!Files.isReadable(file)) {
            throw Failure.usage(file + ": cannot be read (permission denied)");
        }
        Tally tally = Tally.unbounded();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                tally.accept(recording.readEvent());
            }
        } catch (NoSuchFileException e) {
            throw Failure.usage(file + ": no such file");
        } catch (IOException e) {
            throw Failure.usage(file + ": not a complete JFR recording (" + reason(e) + ")");
        } catch (RuntimeException | InternalError | StackOverflowError e) {
            // A file that starts like a recording and then holds garbage can break the parser anywhere.
            throw Failure.usage(file + ": not a JFR recording that can be read (" + reason(e) + ")");
        }
        return tally;
    }

    private static String reason(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
