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

    /**
     * Runs {@code action} once JFR has started: now, if it already has.
     * @return the listener, for {@link FlightRecorder#removeListener}
     */
    public static FlightRecorderListener whenRecorderReady(Runnable action) {
        FlightRecorderListener listener = new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                action.run();
            }
        };
        FlightRecorder.addListener(listener);
        return listener;
    }

    /**
     * Calls {@code hook} at the end of every recording chunk, once JFR has started.
     * @return what undoes it
     */
    public static Runnable atChunkEnd(Class<? extends Event> eventType, Runnable hook) {
        FlightRecorderListener listener = whenRecorderReady(new Runnable() {
            @Override
            public void run() {
                FlightRecorder.addPeriodicEvent(eventType, hook);
            }
        });
        return new Runnable() {
            @Override
            public void run() {
                FlightRecorder.removeListener(listener);
                FlightRecorder.removePeriodicEvent(hook);
            }
        };
    }
}
