package dev.punctual.agent;

import jdk.internal.misc.Unsafe;

import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Defines classes directly in the boot loader. Loaded only through {@link BootstrapClasses}' throwaway
 * loader, so that the JDK-internal package it needs is exported to that loader's module alone and never
 * to the application's unnamed module, where the agent's other classes live.
 * <p>
 * It calls {@code jdk.internal.misc.Unsafe} directly (compiled on its own, with that package exported
 * to it: see the agent's pom) and is reached without reflection: its static initializer hands an
 * instance to the loader that defines it. On JDK 25 a first reflective call spins method handles for
 * tens of milliseconds of the application's start-up (docs/performance.md, section 3).
 */
public final class BootDefiner implements BiConsumer<Instrumentation, Map<String, byte[]>> {
    static {
        @SuppressWarnings("unchecked")
        Consumer<Object> loader = (Consumer<Object>) BootDefiner.class.getClassLoader();
        loader.accept(new BootDefiner());
    }

    private BootDefiner() {
    }

    /** @param classes binary name to class file, in any order: supertypes are defined first by retrying */
    @Override
    public void accept(Instrumentation inst, Map<String, byte[]> classes) {
        Module javaBase = Object.class.getModule();
        inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(BootDefiner.class.getModule())),
                Map.of(), Set.of(), Map.of());
        Unsafe unsafe = Unsafe.getUnsafe();
        Map<String, byte[]> pending = new LinkedHashMap<>(classes);
        while (!pending.isEmpty()) {
            int before = pending.size();
            Throwable last = null;
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                try {
                    unsafe.defineClass(e.getKey(), e.getValue(), 0, e.getValue().length, null, null);
                    it.remove();
                } catch (NoClassDefFoundError ex) {
                    last = ex; // its supertype is still pending: next round
                }
            }
            if (pending.size() == before) {
                throw new IllegalStateException("cannot define " + pending.keySet() + ": " + last);
            }
        }
    }
}
