package dev.punctual.cli.target;

import dev.punctual.cli.Failure;
import dev.punctual.cli.Punctual;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The agent jar that attach loads into targets. punctual-cli.jar carries it inside; the target JVM
 * needs a file, so it is written once to a directory named after its content (two versions never share
 * one) and readable by everyone: a root operator may attach to another user's JVM.
 */
public final class AgentJar {
    private static final String RESOURCE = "/dev/punctual/cli/punctual-agent.jar";

    private AgentJar() {
    }

    public static Path path() throws Failure {
        String override = System.getenv("PUNCTUAL_AGENT_JAR");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override).toAbsolutePath();
            if (!Files.isReadable(p)) {
                throw Failure.usage("PUNCTUAL_AGENT_JAR=" + override + ": no such readable file");
            }
            return p;
        }
        try (InputStream in = AgentJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw Failure.failed("this punctual-cli.jar carries no agent jar; rebuild it with mvn package");
            }
            byte[] bytes = in.readAllBytes();
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "punctual-" + Punctual.version().replace(' ', '-') + "-" + sha(bytes));
            Path jar = dir.resolve("punctual-agent.jar");
            if (Files.isRegularFile(jar) && Files.size(jar) == bytes.length) {
                return jar;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "punctual-agent", ".tmp");
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            return jar;
        } catch (IOException | UnsupportedOperationException e) {
            throw Failure.failed("cannot write the agent jar to " + System.getProperty("java.io.tmpdir") + ": " + e);
        }
    }

    private static String sha(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                s.append(String.format("%02x", d[i]));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
