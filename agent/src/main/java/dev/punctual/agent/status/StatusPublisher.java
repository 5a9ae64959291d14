package dev.punctual.agent.status;

import dev.punctual.agent.status.api.PunctualMXBean;
import dev.punctual.bootstrap.Log;

import javax.management.MBeanServer;
import java.lang.management.ManagementFactory;
import java.util.Properties;

/**
 * Makes a running agent findable: its MBean in the platform MBean server, and two agent properties
 * that tell {@code punctual list} it is loaded without starting JMX in every JVM on the host.
 */
public final class StatusPublisher {
    private StatusPublisher() {
    }

    public static void publishProperties(String version, String mode) {
        Properties p = AgentProperties.get();
        if (p != null) {
            p.setProperty(PunctualMXBean.VERSION_PROPERTY, version);
            p.setProperty(PunctualMXBean.MODE_PROPERTY, mode);
        }
    }

    public static void registerMBean(PunctualMXBean status) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(PunctualMXBean.objectName())) {
                server.unregisterMBean(PunctualMXBean.objectName());
            }
            server.registerMBean(status, PunctualMXBean.objectName());
        } catch (Exception | LinkageError e) {
            Log.warn("status is not available over JMX (" + e + "); the agent runs on");
        }
    }

    public static boolean isMBeanRegistered() {
        try {
            return ManagementFactory.getPlatformMBeanServer().isRegistered(PunctualMXBean.objectName());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static void withdraw() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(PunctualMXBean.objectName())) {
                server.unregisterMBean(PunctualMXBean.objectName());
            }
        } catch (Exception | LinkageError e) {
            Log.warn("cannot unregister the status MBean (" + e + ")");
        }
        Properties p = AgentProperties.get();
        if (p != null) {
            p.remove(PunctualMXBean.VERSION_PROPERTY);
            p.remove(PunctualMXBean.MODE_PROPERTY);
        }
    }
}
