package dev.punctual.agent.instrumentation;

import dev.punctual.bootstrap.Log;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;

/**
 * Weaves every enabled instrumentation with one transformer, the same way at start-up and on attach:
 * classes loaded later are woven as they load, classes already loaded are retransformed. Types are
 * described from their class files first and from the loaded class when a class file names a type
 * that cannot be found (another agent may have added an interface from its own boot jar).
 */
public final class Weaver {
    /** Instrumentation name to the classes it has woven, for status; and those skipped, with why. */
    private static final Map<String, Set<String>> WOVEN = new ConcurrentHashMap<>();
    private static final Map<String, String> SKIPPED = new ConcurrentHashMap<>();

    private Weaver() {
    }

    public static ResettableClassFileTransformer install(Instrumentation inst, List<TypeInstrumentation> all) {
        List<TypeInstrumentation> usable = new ArrayList<>();
        for (TypeInstrumentation i : all) {
            if (!i.presentOnThisJvm()) {
                continue;
            }
            String reason = i.unsupportedReason();
            if (reason == null) {
                usable.add(i);
            } else {
                SKIPPED.put(i.name(), reason);
                Log.warn(i.name() + " is not measured on this JVM: " + reason);
            }
        }
        if (usable.isEmpty()) {
            return null;
        }
        AgentBuilder builder = newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(new Reporter())
                .ignore(none());
        AgentBuilder.Identified.Extendable extendable = null;
        for (TypeInstrumentation i : usable) {
            AgentBuilder.Identified.Narrowable narrowable = extendable == null
                    ? builder.type(named(i.typeName()))
                    : extendable.type(named(i.typeName()));
            extendable = narrowable.transform((b, type, loader, module, domain) -> weaveCounted(i, b, type));
        }
        return extendable.installOn(inst);
    }

    /**
     * Byte Buddy's default set-up probes its Unsafe-based class injector, which JDK 24 and later report
     * on stderr as a deprecated-Unsafe warning. Punctual injects no classes (its helpers are defined in
     * the boot loader), so the probe is switched off while the builder is made. The shading rewrites the
     * property's name to the relocated package's, so no application's own Byte Buddy is affected.
     */
    private static AgentBuilder newAgentBuilder() {
        String key = "net.bytebuddy.nexus.disabled";
        String before = System.getProperty(key);
        System.setProperty(key, "true");
        try {
            return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED));
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    private static DynamicType.Builder<?> weaveCounted(TypeInstrumentation i, DynamicType.Builder<?> b, TypeDescription type) {
        WOVEN.computeIfAbsent(i.name(), k -> ConcurrentHashMap.newKeySet()).add(type.getName());
        return i.weave(b);
    }

    public static Map<String, Set<String>> woven() {
        return WOVEN;
    }

    public static Map<String, String> skipped() {
        return SKIPPED;
    }

    /** A class that cannot be woven stays as it was, and its instrumentation says so once. */
    private static final class Reporter extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            SKIPPED.put(typeName, String.valueOf(error));
            Log.warnOnce("weave:" + typeName, "cannot instrument " + typeName + " (" + error + "); it is not measured");
        }
    }
}
