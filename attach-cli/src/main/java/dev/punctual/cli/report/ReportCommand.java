package dev.punctual.cli.report;

import dev.punctual.cli.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reads a JFR recording made with Punctual: per scheduler its executions, lag percentiles and worst "
                + "moments; per client and target the deadlines injected, missing and exceeded, with the top call sites; "
                + "periodic tasks that died; clock steps. All times UTC.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.jfr", description = "the recording")
    Path file;

    @Option(names = "--html", paramLabel = "OUT.html",
            description = "also write the report as one self-contained HTML file, with charts; replaced whole or not at all")
    Path html;

    @Override
    public Integer call() throws Failure {
        Path out = html == null ? null : checkWritable(html.toAbsolutePath());
        Tally tally = RecordingReader.read(file);
        if (out != null) {
            write(out, HtmlReport.render(file.getFileName().toString(), tally));
        }
        TextReport.print(System.out, file, tally);
        System.out.flush();
        return 0;
    }

    /** Fails before the recording is read, so that a long read does not end in a path mistake. */
    private static Path checkWritable(Path out) throws Failure {
        Path dir = out.getParent();
        if (Files.isDirectory(out)) {
            throw Failure.usage(out + ": is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw Failure.usage(out + ": cannot be written: no directory " + dir);
        }
        if (!Files.isWritable(dir) || (Files.exists(out) && !Files.isWritable(out))) {
            throw Failure.usage(out + ": cannot be written (permission denied)");
        }
        return out;
    }

    /** Through a temporary file in the same directory and a rename: readers see the old file or the whole new one. */
    private static void write(Path out, String content) throws Failure {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(out.getParent(), "." + out.getFileName(), ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (AccessDeniedException e) {
            throw Failure.usage(out + ": cannot be written (permission denied)");
        } catch (NoSuchFileException e) {
            // The directory was there a moment ago: a file system such as /proc that takes no new file.
            throw Failure.usage(out + ": cannot be written (the file system refused it)");
        } catch (IOException e) {
            throw Failure.failed(out + ": cannot be written: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover hidden temporary file is all that remains; the target is untouched
                }
            }
        }
    }
}
