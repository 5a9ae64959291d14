package dev.punctual.agent.instrumentation;

import dev.punctual.bootstrap.Log;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the enabled instrumentations the same way at start-up and on attach: classes loaded later
 * are woven as they load, classes already loaded are retransformed now. An instrumentation whose class
 * does not have the expected members is skipped with one line, and the rest go on: checked now by
 * reflection for a loaded class, from its bytes when it loads for the others.
 */
public final class Weaver {
    private static final Map<String, String> SKIPPED = new HashMap<>();
    private static final Set<String> INSTALLED = new HashSet<>();
    private static Transformer transformer;

    private Weaver() {
    }

    public static synchronized void install(Instrumentation inst, List<TypeInstrumentation> all) {
        Class<?>[] loadedClasses = inst.getAllLoadedClasses();
        Set<String> loadedNames = new HashSet<>();
        for (Class<?> c : loadedClasses) {
            loadedNames.add(c.getName());
        }
        Map<String, TypeInstrumentation> usable = new HashMap<>();
        Map<String, TypeInstrumentation> bySuffix = new HashMap<>();
        for (TypeInstrumentation i : all) {
            String internal = i.typeName().replace('.', '/');
            if (i.alsoShaded()) {
                usable.put(internal, i);
                bySuffix.put("/" + internal, i);
                continue;
            }
            if (!loadedNames.contains(i.typeName())) {
                // Not loaded yet, and maybe never: its shape is checked from its bytes if it loads. Loading
                // it now to check it would cost the application's start-up milliseconds per class.
                usable.put(internal, i);
                continue;
            }
            String reason = i.unsupportedReason();
            if (reason == null) {
                usable.put(internal, i);
            } else {
                SKIPPED.put(i.name(), reason);
                Log.warn(i.name() + " is not measured on this JVM: " + reason);
            }
        }
        for (TypeInstrumentation i : usable.values()) {
            INSTALLED.add(i.name());
        }
        if (usable.isEmpty()) {
            return;
        }
        transformer = new Transformer(usable, bySuffix);
        inst.addTransformer(transformer, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : loadedClasses) {
            if (transformer.instrumentationOf(c.getName().replace('.', '/')) != null && inst.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        for (Class<?> c : loaded) {
            try {
                inst.retransformClasses(c);
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                Log.warn("cannot instrument " + c.getName() + " (" + e + "); it is not measured");
            }
        }
    }

    /**
     * Starts weaving ahead, on a thread of the agent's own, the classes of {@code all} that ask for it
     * (see {@link WeaveAhead}); called before {@link #install}, as early as the instrumentations are known.
     */
    public static void weaveAhead(List<TypeInstrumentation> all) {
        WeaveAhead.start(all);
    }

    /**
     * Takes the transformer out and retransforms every class it could have woven, which gives each its
     * original bytecode back (as other agents' transformers leave it).
     * @return how many classes were retransformed
     */
    public static synchronized int uninstall(Instrumentation inst) {
        Transformer t = transformer;
        transformer = null;
        SKIPPED.clear();
        INSTALLED.clear();
        WeaveAhead.clear();
        if (t == null) {
            return 0;
        }
        inst.removeTransformer(t);
        int restored = 0;
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (t.instrumentationOf(c.getName().replace('.', '/')) == null || !inst.isModifiableClass(c)) {
                continue;
            }
            try {
                inst.retransformClasses(c);
                restored++;
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                Log.warn("cannot restore " + c.getName() + " (" + e + ")");
            }
        }
        return restored;
    }

    /** Instrumentations that wove a class. */
    public static synchronized Set<String> woven() {
        return transformer == null ? Set.of() : Set.copyOf(transformer.woven());
    }

    /** Instrumentations in place: woven, or to be woven when their classes load. */
    public static synchronized Set<String> installed() {
        return Set.copyOf(INSTALLED);
    }

    /**
     * Instrumentations skipped on this JVM, with why: found unfit at install, or at the load of a class
     * they could not weave (unless they wove another class of that name, in another loader).
     */
    public static synchronized Map<String, String> skipped() {
        Map<String, String> out = new HashMap<>(SKIPPED);
        if (transformer != null) {
            Set<String> woven = transformer.woven();
            for (Map.Entry<String, String> e : transformer.refused().entrySet()) {
                if (!woven.contains(e.getKey())) {
                    out.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        return Map.copyOf(out);
    }
}
