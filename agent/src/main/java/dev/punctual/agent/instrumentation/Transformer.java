package dev.punctual.agent.instrumentation;

import dev.punctual.bootstrap.Log;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's one transformer. It looks at a class's name and nothing else unless that name is one an
 * instrumentation wants, so the classes an application loads cost it a map lookup each.
 */
final class Transformer implements ClassFileTransformer {
    private final Map<String, TypeInstrumentation> byInternalName;
    /** Internal name suffixes ("/io/netty/util/HashedWheelTimer$HashedWheelTimeout") of shaded-also instrumentations. */
    private final Map<String, TypeInstrumentation> bySuffix;
    private final Set<String> woven = ConcurrentHashMap.newKeySet();
    /** Instrumentations that met a class they could not weave (another version, a look-alike), with why. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    Transformer(Map<String, TypeInstrumentation> byInternalName, Map<String, TypeInstrumentation> bySuffix) {
        this.byInternalName = byInternalName;
        this.bySuffix = bySuffix;
    }

    /** The instrumentation for a class, by its internal name; null for almost every class. */
    TypeInstrumentation instrumentationOf(String className) {
        TypeInstrumentation i = byInternalName.get(className);
        if (i == null && !bySuffix.isEmpty()) {
            for (Map.Entry<String, TypeInstrumentation> e : bySuffix.entrySet()) {
                if (className.endsWith(e.getKey())) {
                    return e.getValue();
                }
            }
        }
        return i;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        TypeInstrumentation instrumentation = className == null ? null : instrumentationOf(className);
        if (instrumentation == null) {
            return null;
        }
        try {
            byte[] out = WeaveAhead.take(className, classFile);
            if (out == null) {
                List<Hook> hooks = instrumentation.hooks();
                out = HookWeaver.weave(classFile, hooks);
            }
            if (out != null) {
                woven.add(instrumentation.name());
            }
            return out;
        } catch (Throwable t) {
            // The class stays as it was; the application runs on without this measurement.
            refused.putIfAbsent(instrumentation.name(), className.replace('/', '.') + ": " + t.getMessage());
            Log.warnOnce("weave:" + className, "cannot instrument " + className.replace('/', '.') + " (" + t + "); "
                    + instrumentation.name() + " is not measured");
            return null;
        }
    }

    Set<String> woven() {
        return woven;
    }

    Map<String, String> refused() {
        return refused;
    }
}
