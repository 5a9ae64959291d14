package dev.punctual.agent.status;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.NamedType;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.bootstrap.status.StatusOnDemand;

import java.util.List;

/**
 * ManagementFactory.getPlatformMBeanServer(): where the platform MBean server is first made, which is
 * when an agent started with -javaagent registers its status MBean (see {@link StatusOnDemand}).
 */
public final class PlatformServerInstrumentation extends NamedType {
    static final String FACTORY = "java.lang.management.ManagementFactory";

    public PlatformServerInstrumentation() {
        super("status: MBean, registered on demand", FACTORY);
    }

    @Override
    public String unsupportedReason() {
        Class<?> factory = Shapes.jdkClass(FACTORY);
        return factory == null ? "no class " + FACTORY : Shapes.missingMethod(factory, "getPlatformMBeanServer");
    }

    @Override
    public List<Hook> hooks() {
        return List.of(Hook.replaceReturn("getPlatformMBeanServer", "()Ljavax/management/MBeanServer;", List.of(),
                StatusOnDemand.class, "serverReady", "(Ljava/lang/Object;)Ljava/lang/Object;"));
    }
}
