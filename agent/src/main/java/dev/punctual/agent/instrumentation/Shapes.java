package dev.punctual.agent.instrumentation;

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
