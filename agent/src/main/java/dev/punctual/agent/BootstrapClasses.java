package dev.punctual.agent;

import dev.punctual.bootstrap.BootstrapInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Puts the bootstrap classes (the API that woven code in every loader calls) into the boot loader.
 * They travel inside the agent jar as a jar of their own and are defined one by one, rather than
 * appended to the boot class path: an appended jar makes HotSpot print a class-sharing warning on the
 * application's stderr and turns class sharing off for every other loader, which slows start-up.
 * Classes in the boot loader cannot be removed, so a second attach reuses them if they are from the
 * same build and refuses if not.
 * <p>
 * This runs in premain, so it avoids what would cost the application's start-up most: no reflective
 * call or field access (on JDK 25 the first one spins method handles for tens of milliseconds), and the
 * jar is read as a plain zip (a JarInputStream would load the jar-signature machinery).
 */
final class BootstrapClasses {
    private static final String RESOURCE = "punctual-bootstrap.jar";
    private static final String INFO_CLASS = "dev.punctual.bootstrap.BootstrapInfo";
    /** By name only: it is compiled apart from the agent's other classes (see the agent's pom). */
    private static final String DEFINER_CLASS = "dev.punctual.agent.BootDefiner";

    private BootstrapClasses() {
    }

    /** @return null when the bootstrap classes are in place, else why the agent must not start */
    static String defineOnce(Instrumentation inst, String version) throws Exception {
        Class<?> info = loadedInfo();
        if (info != null) {
            // Attached again. The JVM appended the new jar to the class path, but this class, like every
            // agent class, still comes from the jar that was attached first: only the newest copy of the
            // bootstrap jar tells which build the operator meant to load now.
            String wanted = fingerprint(newestOnClassPath());
            String running = Stamp.digest();
            return wanted.equals(running) ? null
                    : "not started: this JVM already runs another build of Punctual (" + Stamp.version()
                    + ", " + running + "; this one is " + wanted + "); restart the JVM to change builds";
        }
        byte[] jar = resource(RESOURCE);
        definer().accept(inst, classesOf(jar));
        if (loadedInfo() == null) {
            return "not started: the bootstrap classes did not load";
        }
        Stamp.set(fingerprint(jar), version);
        return null;
    }

    /**
     * Reads and writes {@link BootstrapInfo}'s fields as plain code: a class of its own, so that it is
     * loaded, and BootstrapInfo resolved, only once the bootstrap classes are defined.
     */
    private static final class Stamp {
        static String digest() {
            String d = BootstrapInfo.digest;
            return d == null ? "unknown" : d;
        }

        static String version() {
            String v = BootstrapInfo.version;
            return v == null ? "unknown" : v;
        }

        static void set(String digest, String version) {
            BootstrapInfo.digest = digest;
            BootstrapInfo.version = version;
        }
    }

    private static byte[] newestOnClassPath() throws IOException {
        String path = BootstrapClasses.class.getPackageName().replace('.', '/') + "/" + RESOURCE;
        URL newest = null;
        for (Enumeration<URL> all = ClassLoader.getSystemClassLoader().getResources(path); all.hasMoreElements(); ) {
            newest = all.nextElement();
        }
        if (newest == null) {
            return resource(RESOURCE);
        }
        try (InputStream in = newest.openStream()) {
            return in.readAllBytes();
        }
    }

    /** The BootDefiner, loaded apart from the application's class loader (see its comment). */
    private static BiConsumer<Instrumentation, Map<String, byte[]>> definer() throws IOException, ClassNotFoundException {
        String name = DEFINER_CLASS;
        DefinerLoader isolated = new DefinerLoader(name, resource("/" + name.replace('.', '/') + ".class"));
        Class.forName(name, true, isolated); // its static initializer hands the loader an instance
        if (isolated.definer == null) {
            throw new IllegalStateException(name + " did not initialize");
        }
        return isolated.definer;
    }

    /** Defines BootDefiner alone, and receives the instance that its static initializer hands over. */
    private static final class DefinerLoader extends ClassLoader implements Consumer<Object> {
        private final String className;
        private final byte[] bytes;
        BiConsumer<Instrumentation, Map<String, byte[]>> definer;

        DefinerLoader(String className, byte[] bytes) {
            super("punctual-boot-definer", null);
            this.className = className;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> findClass(String n) throws ClassNotFoundException {
            if (!n.equals(className)) {
                throw new ClassNotFoundException(n);
            }
            return defineClass(n, bytes, 0, bytes.length);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void accept(Object instance) {
            definer = (BiConsumer<Instrumentation, Map<String, byte[]>>) instance;
        }
    }

    private static Map<String, byte[]> classesOf(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String path = e.getName();
                if (path.endsWith(".class") && !path.endsWith("module-info.class")) {
                    classes.put(path.substring(0, path.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        return classes;
    }

    private static Class<?> loadedInfo() {
        try {
            return Class.forName(INFO_CLASS, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BootstrapClasses.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }

    /** Tells builds apart; a cryptographic digest would load the security providers into every JVM. */
    private static String fingerprint(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Long.toHexString(crc.getValue()) + "-" + bytes.length;
    }
}
