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
    private final Set<String> woven = ConcurrentHashMap.newKeySet();

    Transformer(Map<String, TypeInstrumentation> byInternalName) {
        this.byInternalName = byInternalName;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        TypeInstrumentation instrumentation = className == null ? null : byInternalName.get(className);
        if (instrumentation == null) {
            return null;
        }
        try {
            List<Hook> hooks = instrumentation.hooks();
            byte[] out = HookWeaver.weave(classFile, hooks);
            if (out != null) {
                woven.add(instrumentation.name());
            }
            return out;
        } catch (Throwable t) {
            // The class stays as it was; the application runs on without this measurement.
            Log.warnOnce("weave:" + className, "cannot instrument " + className.replace('/', '.') + " (" + t + "); "
                    + instrumentation.name() + " is not measured");
            return null;
        }
    }

    Set<String> woven() {
        return woven;
    }
}
