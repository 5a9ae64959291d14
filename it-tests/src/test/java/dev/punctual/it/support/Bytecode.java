package dev.punctual.it.support;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The bytecode a class has in a running JVM, through {@link BytecodeObserver}. Classes are compared as
 * text (every member and instruction, constants resolved), not as bytes: HotSpot keeps the
 * constant-pool entries of a redefined class's earlier versions (their methods may still be running),
 * so after a detach the same code can come back with a longer constant pool (seen on JDK 25).
 */
public final class Bytecode {
    private Bytecode() {
    }

    /** The SHA-256 of the text of the class {@code className} as the JVM {@code pid} has it now. */
    public static String hash(long pid, String className) throws Exception {
        Path out = Jvm.file("observed-" + pid + "-" + System.nanoTime() + ".class");
        Attach.loadJar(pid, BytecodeObserver.jar(), className + "|" + out);
        StringWriter text = new StringWriter();
        new ClassReader(Files.readAllBytes(out)).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
        Files.writeString(Path.of(out + ".txt"), text.toString()); // to diff when a test fails
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
