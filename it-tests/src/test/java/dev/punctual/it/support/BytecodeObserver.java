package dev.punctual.it.support;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A test agent that tells what bytecode a class gets from the agents loaded before it: it adds a
 * retransforming transformer last in the chain, retransforms the class, and writes the bytes it was
 * handed. Loaded before Punctual it sees the original; after, Punctual's weaving; after a detach, the
 * original again if and only if Punctual gave it back.
 * It uses JDK classes only: it runs inside the target. {@link Bytecode} reads what it wrote.
 */
public final class BytecodeObserver {
    private BytecodeObserver() {
    }

    /** @param args CLASS_NAME|OUTPUT_FILE */
    public static void agentmain(String args, Instrumentation inst) throws Exception {
        String[] parts = args.split("\\|");
        String className = parts[0];
        Path out = Path.of(parts[1]);
        String internal = className.replace('.', '/');
        byte[][] seen = new byte[1][];
        ClassFileTransformer t = new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain pd, byte[] bytes) {
                if (internal.equals(name)) {
                    seen[0] = bytes.clone();
                }
                return null;
            }
        };
        inst.addTransformer(t, true);
        try {
            inst.retransformClasses(Class.forName(className));
        } finally {
            inst.removeTransformer(t);
        }
        Files.write(out, seen[0]);
    }

    /** This class as an agent jar. */
    static Path jar() throws IOException {
        Path jar = Jvm.OUTPUT.resolve("bytecode-observer.jar");
        Files.createDirectories(Jvm.OUTPUT);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Agent-Class", BytecodeObserver.class.getName());
        m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        String entry = BytecodeObserver.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar), m)) {
            for (String e : new String[] {entry, entry.replace(".class", "$1.class")}) {
                j.putNextEntry(new JarEntry(e));
                j.write(BytecodeObserver.class.getClassLoader().getResourceAsStream(e).readAllBytes());
                j.closeEntry();
            }
        }
        return jar;
    }

}
