package dev.punctual.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Defines classes directly in the boot loader. Loaded only through {@link BootstrapClasses}' throwaway
 * loader, so that the JDK-internal package it needs is exported to that loader's module alone and never
 * to the application's unnamed module, where the agent's other classes live.
 */
public final class BootDefiner {
    private BootDefiner() {
    }

    /** @param classes binary name to class file, in any order: supertypes are defined first by retrying */
    public static void define(Instrumentation inst, Map<String, byte[]> classes) throws Exception {
        Module javaBase = Object.class.getModule();
        inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(BootDefiner.class.getModule())),
                Map.of(), Set.of(), Map.of());
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        Map<String, byte[]> pending = new LinkedHashMap<>(classes);
        while (!pending.isEmpty()) {
            int before = pending.size();
            Throwable last = null;
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                try {
                    defineClass.invoke(unsafe, e.getKey(), e.getValue(), 0, e.getValue().length, null, null);
                    it.remove();
                } catch (InvocationTargetException ex) {
                    if (!(ex.getCause() instanceof NoClassDefFoundError)) {
                        throw ex;
                    }
                    last = ex.getCause(); // its supertype is still pending: next round
                }
            }
            if (pending.size() == before) {
                throw new IllegalStateException("cannot define " + pending.keySet() + ": " + last);
            }
        }
    }
}
