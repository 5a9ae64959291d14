package dev.punctual.bootstrap.jfr;

import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Registers periodic-event hooks only once JFR itself is up: registering earlier would start JFR's
 * machinery in every JVM the agent is in, recording or not, and cost start-up time.
 */
public final class JfrHooks {
    private JfrHooks() {
    }

    public static void whenRecorderReady(Class<? extends Event> eventType, Runnable hook) {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                FlightRecorder.addPeriodicEvent(eventType, hook);
            }
        });
    }
}
