package dev.punctual.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.CRC32;

/**
 * Puts the bootstrap classes (the API that woven code in every loader calls) into the boot loader.
 * They travel inside the agent jar as a jar of their own and are defined one by one, rather than
 * appended to the boot class path: an appended jar makes HotSpot print a class-sharing warning on the
 * application's stderr and turns class sharing off for every other loader, which slows start-up.
 * Classes in the boot loader cannot be removed, so a second attach reuses them if they are from the
 * same build and refuses if not.
 */
final class BootstrapClasses {
    private static final String RESOURCE = "punctual-bootstrap.jar";
    private static final String INFO_CLASS = "dev.punctual.bootstrap.BootstrapInfo";

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
            String running = field(info, "digest");
            return wanted.equals(running) ? null
                    : "not started: this JVM already runs another build of Punctual (" + field(info, "version")
                    + ", " + running + "; this one is " + wanted + "); restart the JVM to change builds";
        }
        byte[] jar = resource(RESOURCE);
        definer().getMethod("define", Instrumentation.class, Map.class).invoke(null, inst, classesOf(jar));
        info = loadedInfo();
        if (info == null) {
            return "not started: the bootstrap classes did not load";
        }
        info.getField("digest").set(null, fingerprint(jar));
        info.getField("version").set(null, version);
        return null;
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

    /** BootDefiner, loaded apart from the application's class loader (see its comment). */
    private static Class<?> definer() throws IOException, ClassNotFoundException {
        String name = BootDefiner.class.getName();
        byte[] bytes = resource("/" + name.replace('.', '/') + ".class");
        ClassLoader isolated = new ClassLoader("punctual-boot-definer", null) {
            @Override
            protected Class<?> findClass(String n) throws ClassNotFoundException {
                if (!n.equals(name)) {
                    throw new ClassNotFoundException(n);
                }
                return defineClass(n, bytes, 0, bytes.length);
            }
        };
        return Class.forName(name, true, isolated);
    }

    private static Map<String, byte[]> classesOf(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
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

    private static String field(Class<?> info, String name) {
        try {
            return (String) info.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            return "unknown";
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
