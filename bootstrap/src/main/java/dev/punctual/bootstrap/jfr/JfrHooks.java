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
     * Calls {@code hook} at the end of every recording chunk, once JFR has started. The listener is
     * added on a thread of its own: on JDK 17 the first FlightRecorder.addListener loads JFR's
     * metadata repository, about 20 ms that the application's start-up would otherwise wait for.
     * @return what undoes it
     */
    public static Runnable atChunkEnd(Class<? extends Event> eventType, Runnable hook) {
        ChunkEndHook chunkEnd = new ChunkEndHook(eventType, hook);
        Thread t = new Thread("punctual-jfr-hooks") {
            @Override
            public void run() {
                chunkEnd.add();
            }
        };
        t.setDaemon(true);
        t.start();
        return new Runnable() {
            @Override
            public void run() {
                chunkEnd.remove();
            }
        };
    }

    /** A chunk-end hook whose removal may come before its addition, which then does nothing. */
    private static final class ChunkEndHook {
        private final Class<? extends Event> eventType;
        private final Runnable hook;
        private FlightRecorderListener listener;
        private boolean removed;

        ChunkEndHook(Class<? extends Event> eventType, Runnable hook) {
            this.eventType = eventType;
            this.hook = hook;
        }

        synchronized void add() {
            if (removed) {
                return;
            }
            listener = whenRecorderReady(new Runnable() {
                @Override
                public void run() {
                    FlightRecorder.addPeriodicEvent(eventType, hook);
                }
            });
        }

        synchronized void remove() {
            removed = true;
            if (listener != null) {
                FlightRecorder.removeListener(listener);
                FlightRecorder.removePeriodicEvent(hook);
            }
        }
    }
}
