package dev.punctual.bootstrap.jfr;

import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Registers periodic-event hooks only once JFR itself is up: registering earlier would start JFR's
 * machinery in every JVM the agent is in, recording or not, and cost start-up time. (Classes, not
 * lambdas, throughout the agent's start-up path: the first lambda in a JVM costs milliseconds.)
 */
public final class JfrHooks {
    private JfrHooks() {
    }

    /** Runs {@code action} once JFR has started: now, if it already has. */
    public static void whenRecorderReady(Runnable action) {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                action.run();
            }
        });
    }

    /** Calls {@code hook} at the end of every recording chunk, once JFR has started. */
    public static void atChunkEnd(Class<? extends Event> eventType, Runnable hook) {
        whenRecorderReady(new Runnable() {
            @Override
            public void run() {
                FlightRecorder.addPeriodicEvent(eventType, hook);
            }
        });
    }
}
