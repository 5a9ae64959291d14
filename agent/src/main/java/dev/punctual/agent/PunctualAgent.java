package dev.punctual.agent;

import dev.punctual.agent.probe.DriftProbe;
import dev.punctual.agent.status.api.ProbeProtocol;

import java.lang.instrument.Instrumentation;

/**
 * The entry point named by the jar's manifest, for -javaagent (premain) and for attach (agentmain).
 * It only guards: an exception out of premain would stop the application from starting at all.
 */
public final class PunctualAgent {
    private PunctualAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        if (args != null && args.startsWith(ProbeProtocol.ARGUMENT_PREFIX)) {
            try {
                DriftProbe.start(args, inst);
            } catch (Throwable t) {
                System.err.println("punctual: probe not started: " + t);
            }
            return;
        }
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            Startup.start(args, inst, attached);
        } catch (Throwable t) {
            System.err.println("punctual: not started: " + t + "; the application runs on without it");
        }
    }
}
