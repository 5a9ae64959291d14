package dev.punctual.agent;

import dev.punctual.agent.budget.ExecutorInstrumentations;
import dev.punctual.agent.budget.InboundInstrumentations;
import dev.punctual.agent.config.Config;
import dev.punctual.agent.config.HeaderName;
import dev.punctual.agent.config.Durations;
import dev.punctual.agent.config.MetricsExporter;
import dev.punctual.agent.config.Mode;
import dev.punctual.agent.config.Setting;
import dev.punctual.agent.config.Settings;
import dev.punctual.agent.grpc.ClientCallInstrumentation;
import dev.punctual.agent.http.HttpClientInstrumentations;
import dev.punctual.agent.http.UrlConnectionInstrumentations;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.agent.metrics.Metrics;
import dev.punctual.agent.instrumentation.Weaver;
import dev.punctual.agent.timers.ForkJoinDelayInstrumentation;
import dev.punctual.agent.timers.NettyLoopInstrumentation;
import dev.punctual.agent.timers.NettyWheelInstrumentation;
import dev.punctual.agent.timers.RunningTimerInstrumentations;
import dev.punctual.agent.timers.StpeInstrumentation;
import dev.punctual.agent.timers.UtilTimerInstrumentation;
import dev.punctual.agent.status.AgentProperties;
import dev.punctual.agent.status.AgentStatus;
import dev.punctual.agent.status.PlatformServerInstrumentation;
import dev.punctual.agent.status.StatusPublisher;
import dev.punctual.bootstrap.BootstrapInfo;
import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.Release;
import dev.punctual.bootstrap.budget.Budgets;
import dev.punctual.bootstrap.clock.ClockSteps;
import dev.punctual.bootstrap.deadlines.DeadlineRules;
import dev.punctual.bootstrap.deadlines.DeadlineSummaries;
import dev.punctual.bootstrap.status.StatusOnDemand;
import dev.punctual.bootstrap.timers.LagSummaries;
import dev.punctual.bootstrap.timers.TimerLag;
import dev.punctual.bootstrap.timers.TimerSettings;

import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Applies the configuration: settings into the bootstrap snapshot, then the instrumentations. */
final class Installer {
    private static boolean installed;
    private static volatile Config current;
    private static Instrumentation instrumentation;

    private Installer() {
    }

    static synchronized void install(Config config, Instrumentation inst, boolean attached) {
        applySettings(config);
        StartupTrace.mark("settings applied");
        current = config;
        if (installed) {
            // Attached again: the new settings are in force, the weaving is already there.
            publish(attached);
            return;
        }
        installed = true;
        instrumentation = inst;
        // Every probe's catch block calls Log: initialized now, not at a first fault, where an
        // OutOfMemoryError in its initializer would leave that catch block for the application's thread.
        Log.faults();
        openJdkModules(inst); // before listing: finding running Timer threads reads java.util's fields
        List<TypeInstrumentation> instrumentations = new ArrayList<>();
        if (config.get(Settings.TIMERS_ENABLED)) {
            instrumentations.add(new StpeInstrumentation());
            instrumentations.add(new ForkJoinDelayInstrumentation());
            instrumentations.add(new UtilTimerInstrumentation());
            instrumentations.addAll(RunningTimerInstrumentations.ifTimersRunning());
            instrumentations.add(new NettyWheelInstrumentation());
            instrumentations.add(new NettyLoopInstrumentation());
        }
        instrumentations.addAll(UrlConnectionInstrumentations.all());
        instrumentations.addAll(HttpClientInstrumentations.all());
        instrumentations.add(new ClientCallInstrumentation());
        if (!Durations.isOff(config.get(Settings.BUDGET_RESERVE))) {
            instrumentations.addAll(InboundInstrumentations.all(budgetHeader(config) != null));
            instrumentations.addAll(ExecutorInstrumentations.all());
        }
        if (!attached) {
            instrumentations.add(new PlatformServerInstrumentation());
        }
        // As soon as they are known: the weaver's first run then overlaps the rest of premain, not the application.
        Weaver.weaveAhead(instrumentations);
        StartupTrace.mark("instrumentations listed");
        AgentProperties.open(inst);
        TimerLag.warmUp();
        StartupTrace.mark("warm-up started");
        Weaver.install(inst, instrumentations);
        StartupTrace.mark("weaver installed");
        if (config.get(Settings.METRICS_EXPORTER) != MetricsExporter.NONE) {
            Metrics.start(config, Startup.version(), attached ? null : Thread.currentThread());
        }
        publish(attached);
    }

    /**
     * Tells the punctual command that the agent runs. The MBean is registered on attach, when the
     * command is about to use it; at start-up, creating the platform MBean server would cost the
     * application tens of milliseconds for a command that may never come, so it is registered when that
     * server first exists (the command's {@code status} starts the JVM's local management agent, which
     * makes it).
     */
    private static void publish(boolean attached) {
        StatusPublisher.publishProperties(Startup.version(), Setting.format(current.get(Settings.MODE)));
        if (attached) {
            StatusOnDemand.forget();
            registerStatus();
        } else {
            StatusOnDemand.registerWhenTheServerExists(new Runnable() {
                @Override
                public void run() {
                    registerStatus();
                }
            });
        }
    }

    private static void registerStatus() {
        StatusPublisher.registerMBean(new AgentStatus(Startup.version(), () -> current, Startup::detach));
    }

    /** Undoes {@link #install}: original bytecode back, threads stopped, tables dropped, MBean gone. */
    static synchronized String uninstall() {
        if (!installed) {
            return "Punctual was not installed";
        }
        installed = false;
        int restored = Weaver.uninstall(instrumentation);
        Metrics.stop();
        Release.all();
        StatusPublisher.withdraw();
        instrumentation = null;
        return "restored " + restored + " classes to their original bytecode; stopped the agent's threads";
    }

    private static void applySettings(Config config) {
        boolean timers = config.get(Settings.TIMERS_ENABLED);
        Duration threshold = config.get(Settings.LAG_THRESHOLD);
        TimerSettings.lagThresholdNanos = Durations.isOff(threshold) ? Long.MAX_VALUE : threshold.toNanos();
        TimerSettings.virtualThreads = config.get(Settings.VIRTUAL_THREADS);
        Duration interval = config.get(Settings.SUMMARY_INTERVAL);
        LagSummaries.start(timers && !Durations.isOff(interval) ? interval.toNanos() : 0);
        Duration step = config.get(Settings.CLOCK_STEP_THRESHOLD);
        ClockSteps.start(Durations.isOff(step) ? 0 : step.toNanos()); // 0 also stops it
        DeadlineRules.set(config.get(Settings.MODE) == Mode.ENFORCE,
                nanos(config.get(Settings.HTTP_TIMEOUT)), nanos(config.perTarget(Settings.HTTP_TIMEOUT)),
                nanos(config.get(Settings.HTTP_CONNECT_TIMEOUT)), nanos(config.perTarget(Settings.HTTP_CONNECT_TIMEOUT)));
        DeadlineRules.setGrpc(nanos(config.get(Settings.GRPC_TIMEOUT)), nanos(config.perTarget(Settings.GRPC_TIMEOUT)),
                Setting.format(config.get(Settings.GRPC_STREAMING)));
        DeadlineSummaries.start(Math.max(0, nanos(config.get(Settings.DEADLINE_SUMMARY_INTERVAL))));
        Budgets.configure(nanos(config.get(Settings.BUDGET_RESERVE)), budgetHeader(config));
    }

    /** The budget header's name, or null when none is configured. */
    private static String budgetHeader(Config config) {
        String header = config.get(Settings.BUDGET_HTTP_HEADER);
        return header.equals(HeaderName.OFF) ? null : header;
    }

    /** A duration as the bootstrap classes take it: nanoseconds, -1 for off. */
    private static long nanos(Duration d) {
        return Durations.isOff(d) ? -1 : d.toNanos();
    }

    private static Map<String, Long> nanos(Map<String, Duration> byTarget) {
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<String, Duration> e : byTarget.entrySet()) {
            out.put(e.getKey(), nanos(e.getValue()));
        }
        return out;
    }

    /**
     * Advice woven into java.base, java.net.http and jdk.httpserver calls the bootstrap classes, which live in the boot
     * loader's unnamed module: both modules must read it. Naming tasks reads private fields of
     * java.util.concurrent, and a Timer task's period is a private field of java.util, the virtual
     * threads' schedulers of java.lang.
     */
    private static void openJdkModules(Instrumentation inst) {
        Module bootstrap = BootstrapInfo.class.getModule();
        Module javaBase = Object.class.getModule();
        // sun.net.www: an HttpURLConnection's request headers are a MessageHeader (the budget header).
        inst.redefineModule(javaBase, Set.of(bootstrap), Map.of("sun.net.www", Set.of(bootstrap)),
                Map.of("java.util.concurrent", Set.of(bootstrap), "java.util", Set.of(bootstrap), "java.lang", Set.of(bootstrap)),
                Set.of(), Map.of());
        for (String name : List.of("java.net.http", "jdk.httpserver")) {
            Optional<Module> module = ModuleLayer.boot().findModule(name);
            if (module.isPresent()) {
                inst.redefineModule(module.get(), Set.of(bootstrap), Map.of(), Map.of(), Set.of(), Map.of());
            }
        }
    }
}
