package dev.punctual.bootstrap.status;

import dev.punctual.bootstrap.FaultSite;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Registers the status MBean of an agent started with -javaagent when the JVM's platform MBean server
 * comes into being, rather than at start-up: creating that server would cost every start tens of
 * milliseconds, and creating it before the application does can change what the application gets (a
 * server builder it sets later would be ignored). The server appears when {@code punctual status} starts
 * the JVM's local management agent, or when the application or a tool asks for it; the MBean is
 * registered then, so that no second agent load (which JDK 21 and later report on stderr) is needed.
 */
public final class StatusOnDemand {
    private static final FaultSite STATUS_REGISTER_FAULT = new FaultSite("status.register");

    private static final AtomicReference<Runnable> PENDING = new AtomicReference<>();

    private StatusOnDemand() {
    }

    /** {@code register} runs once, on the thread that first gets the platform MBean server from now on. */
    public static void registerWhenTheServerExists(Runnable register) {
        PENDING.set(register);
    }

    /** Forgets a registration not yet made (on detach). */
    public static void forget() {
        PENDING.set(null);
    }

    /**
     * On return from ManagementFactory.getPlatformMBeanServer(): the server exists. Costs a volatile read
     * once the registration is done. The registration gets the server again, which returns here with
     * nothing pending.
     */
    public static Object serverReady(Object server) {
        Runnable register = PENDING.get();
        if (register != null && PENDING.compareAndSet(register, null)) {
            try {
                register.run();
            } catch (Throwable t) {
                STATUS_REGISTER_FAULT.caught(t);
            }
        }
        return server;
    }
}
