package dev.punctual.cli;

import dev.punctual.agent.status.api.PunctualMXBean;
import dev.punctual.agent.status.api.SettingValue;
import dev.punctual.cli.target.AgentJar;
import dev.punctual.cli.target.TargetJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Loads Punctual into a running JVM with these settings (the keys of -javaagent, with or "
                + "without the punctual. prefix), waits until it is active and prints what it now measures and "
                + "enforces.",
                "In a JVM that already runs Punctual, changes the settings named and keeps the others."})
final class AttachCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id (see punctual list)")
    long pid;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "settings, e.g. timers.lag.threshold=2ms mode=observe")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Failure {
        String arguments = AgentArguments.of(settings);
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            String running = jvm.punctualVersion();
            if (running != null && !running.equals(Punctual.version())) {
                throw Failure.failed("process " + pid + " runs Punctual " + running + " and this is " + Punctual.version()
                        + "; detach it or restart the JVM to change versions");
            }
            jvm.loadAgent(AgentJar.path(), arguments);
            if (jvm.punctualVersion() == null) {
                throw Failure.failed("Punctual did not start in process " + pid + "; the target's stderr says why");
            }
            PunctualMXBean agent = jvm.punctual();
            System.out.println((running == null ? "attached to " : "settings changed in ") + pid + ": Punctual "
                    + agent.getVersion() + ", " + agent.getMode() + " mode");
            describe(agent);
        }
        return 0;
    }

    /** What the agent now measures and what it enforces, as an operator wants to read it after an attach. */
    private static void describe(PunctualMXBean agent) {
        List<String> active = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, String> e : agent.getInstrumentations().entrySet()) {
            String state = e.getValue();
            (PunctualMXBean.ACTIVE.equals(state) ? active : PunctualMXBean.WAITING.equals(state) ? waiting
                    : skipped).add(state.startsWith(PunctualMXBean.SKIPPED) ? e.getKey() + " (" + state + ")" : e.getKey());
        }
        System.out.println("measuring now:       " + (active.isEmpty() ? "nothing yet" : String.join(", ", active)));
        if (!waiting.isEmpty()) {
            System.out.println("once their classes load: " + String.join(", ", waiting));
        }
        for (String s : skipped) {
            System.out.println("not measured:        " + s);
        }
        Map<String, String> values = new java.util.HashMap<>();
        for (SettingValue v : agent.getSettings()) {
            values.put(v.getKey(), v.getValue());
        }
        String deadlines = "HTTP request/read " + values.get("punctual.http.timeout") + ", connect "
                + values.get("punctual.http.connect-timeout") + "; gRPC " + values.get("punctual.grpc.timeout")
                + " (streaming: " + values.get("punctual.grpc.streaming") + ")";
        System.out.println(("enforce".equals(agent.getMode()) ? "default deadlines:   " : "reporting calls without (observe): ")
                + deadlines);
        System.out.println("timer lag events:    over " + values.get("punctual.timers.lag.threshold")
                + "; summaries every " + values.get("punctual.timers.summary.interval"));
    }
}
