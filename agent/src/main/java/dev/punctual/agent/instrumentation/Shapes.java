package dev.punctual.agent.instrumentation;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/** Checks that a class still has the members an advice reads: a library or JDK may change them. */
public final class Shapes {
    private Shapes() {
    }

    /** The JDK class of that name, without initializing it; null when this JDK has none. */
    public static Class<?> jdkClass(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** A class of the JDK's platform loader (java.net.http, ...), without initializing it; null when absent. */
    public static Class<?> platformClass(String name) {
        try {
            return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** @return null when present, else what is missing */
    public static String missingField(Class<?> type, String name, Class<?> fieldType) {
        try {
            Class<?> actual = type.getDeclaredField(name).getType();
            return actual == fieldType ? null : "field " + name + " is not " + fieldType.getSimpleName();
        } catch (NoSuchFieldException e) {
            return "no field " + name;
        }
    }

    /** @return null when present, else what is missing */
    public static String missingMethod(Class<?> type, String name, Class<?>... parameters) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && Arrays.equals(m.getParameterTypes(), parameters)) {
                return null;
            }
        }
        return "no method " + name + "(" + parameters.length + " parameters)";
    }

    /**
     * The descriptor of a JDK class's method without parameters, read from the class's file: the class
     * is not loaded, so this may be called while it is being woven.
     *
     * @return e.g. "()I", or null when the class has no such method or its file cannot be read
     */
    public static String jdkMethodDescriptor(String className, String method) {
        try (InputStream in = Object.class.getResourceAsStream("/" + className.replace('.', '/') + ".class")) {
            if (in == null) {
                return null;
            }
            String[] found = new String[1];
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    if (name.equals(method) && descriptor.startsWith("()")) {
                        found[0] = descriptor;
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return found[0];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The first non-null reason, or null. */
    public static String first(String... reasons) {
        for (String r : reasons) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
