package dev.punctual.it.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Builds of the agent other than the one this build made. */
public final class AgentBuilds {
    private AgentBuilds() {
    }

    /** The same agent with one more entry in its bootstrap jar: the same code, another build. */
    public static Path anotherBuild() throws Exception {
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
