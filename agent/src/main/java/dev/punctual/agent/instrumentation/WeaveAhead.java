package dev.punctual.agent.instrumentation;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weaves, on a thread of the agent's own, the java.base classes that applications load soon after
 * start-up ({@link TypeInstrumentation#weaveAhead}) and that have not loaded yet, from the runtime
 * image's copy of their class files. When such a class loads, the transformer finds its bytes already
 * woven and the application's thread does not wait for the weaver's first run, which loads and links
 * ASM: tens of milliseconds of the application's start-up otherwise (docs/performance.md). Nothing is
 * loaded or defined here, so class-loading order is the application's own, and bytes that differ from
 * the image's (another agent transformed them first) are woven as they come, as without this.
 */
final class WeaveAhead {
    /** Internal name to {original class file, woven class file}; each taken once. */
    private static final Map<String, byte[][]> READY = new ConcurrentHashMap<>();

    private WeaveAhead() {
    }

    static void start(List<TypeInstrumentation> instrumentations) {
        Thread t = new Thread("punctual-weave-ahead") {
            @Override
            public void run() {
                for (TypeInstrumentation i : instrumentations) {
                    if (i.weaveAhead()) {
                        prepare(i);
                    }
                }
            }
        };
        t.setDaemon(true);
        t.start();
    }

    /** The woven bytes prepared for this class file, or null to weave it now. */
    static byte[] take(String internalName, byte[] classFile) {
        byte[][] ready = READY.isEmpty() ? null : READY.remove(internalName);
        return ready != null && Arrays.equals(ready[0], classFile) ? ready[1] : null;
    }

    static void clear() {
        READY.clear();
    }

    private static void prepare(TypeInstrumentation i) {
        String internalName = i.typeName().replace('.', '/');
        try (InputStream in = Object.class.getModule().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return;
            }
            byte[] original = in.readAllBytes();
            READY.put(internalName, new byte[][]{original, HookWeaver.weave(original, i.hooks())});
        } catch (Throwable t) {
            // Nothing prepared: the class is woven when it loads, and whatever failed here is reported then.
        }
    }
}
