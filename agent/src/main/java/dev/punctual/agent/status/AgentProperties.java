package dev.punctual.agent.status;

import dev.punctual.bootstrap.Log;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The JVM's agent properties: the attach API's own side channel (the JVM's management agent publishes
 * its connector address there). The punctual command reads them with one attach, without JMX, to see
 * whether Punctual runs and to collect a probe's result. They live in java.base's jdk.internal.vm.
 */
public final class AgentProperties {
    private AgentProperties() {
    }

    /** Lets this agent's module read them; needed once per JVM. */
    public static void open(Instrumentation inst) {
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of("jdk.internal.vm", Set.of(AgentProperties.class.getModule())),
                Map.of(), Set.of(), Map.of());
    }

    /** @return the properties, or null where this JDK does not offer them */
    public static Properties get() {
        try {
            return (Properties) Class.forName("jdk.internal.vm.VMSupport").getMethod("getAgentProperties").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Log.warnOnce("agent-properties", "the punctual command cannot read this agent's properties (" + e + ")");
            return null;
        }
    }
}
