package dev.punctual.agent.status.api;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.List;
import java.util.Map;

/**
 * What a running Punctual tells about itself, as the MBean {@code dev.punctual:type=Agent} in the
 * platform MBean server. The punctual command reads it through the attach API's local connector; JMC's
 * and JConsole's MBean browsers show it too. Only open types cross the wire, so any JMX client reads it.
 */
public interface PunctualMXBean {
    String OBJECT_NAME = "dev.punctual:type=Agent";
    /** Agent properties (the attach API's side channel) that say Punctual is loaded, without JMX. */
    String VERSION_PROPERTY = "punctual.agent.version";
    String MODE_PROPERTY = "punctual.agent.mode";

    static ObjectName objectName() {
        try {
            return new ObjectName(OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    String getVersion();

    /** enforce or observe. */
    String getMode();

    /** Every setting in force, with where its value came from. */
    List<SettingValue> getSettings();

    /**
     * Every instrumentation and its state: {@link #ACTIVE} (it wove a class), {@link #WAITING} (its
     * classes are not loaded yet), or "skipped: " and why.
     */
    Map<String, String> getInstrumentations();

    String ACTIVE = "active";
    String WAITING = "waiting for its classes to load";
    String SKIPPED = "skipped: ";

    /**
     * Totals since the agent started: timer executions seen, deadlines injected, missing and exceeded,
     * periodic tasks died, clock steps, internal faults. Keys are those of {@link Counters}.
     */
    Map<String, Long> getCounters();

    /** Schedulers by their lag P99 over the latest summary interval, worst first. */
    List<SchedulerLag> getWorstSchedulers();

    /**
     * Restores every class the agent transformed, stops its threads, drops what it holds and
     * unregisters this MBean; the JVM then runs as before the attach. Returns what was done, in one line.
     */
    String detach();
}
