package dev.punctual.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.punctual.agent.status.api.PunctualMXBean;
import dev.punctual.cli.target.TargetJvm;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "The JVMs on this host that you may attach to: pid, main class or jar, uptime, and whether "
                + "Punctual runs in them (and in which mode).")
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<Row> rows = new ArrayList<>();
        List<FutureTask<Row>> asked = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            long pid;
            try {
                pid = Long.parseLong(d.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == self) {
                continue;
            }
            // All at once: a JVM that does not answer costs the timeout once, not once per JVM.
            FutureTask<Row> task = new FutureTask<>(() -> Row.of(pid, d.displayName()));
            Thread t = new Thread(task, "punctual-list-" + pid);
            t.setDaemon(true);
            t.start();
            asked.add(task);
        }
        for (FutureTask<Row> task : asked) {
            try {
                Row row = task.get();
                if (row != null) {
                    rows.add(row);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                // not one we may attach to: not listed
            }
        }
        rows.sort(Comparator.comparingLong(r -> r.pid));
        PrintStream out = System.out;
        out.printf("%-8s %-9s %-26s %s%n", "PID", "UPTIME", "PUNCTUAL", "MAIN");
        for (Row r : rows) {
            out.printf("%-8d %-9s %-26s %s%n", r.pid, r.uptime, Text.oneLine(r.punctual), Text.oneLine(r.main));
        }
        return 0;
    }

    private static final class Row {
        long pid;
        String uptime;
        String punctual;
        String main;

        /** @return null when this JVM cannot be attached to by this user */
        static Row of(long pid, String displayName) {
            Row r = new Row();
            r.pid = pid;
            r.main = mainOf(displayName);
            r.uptime = ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                    .map(start -> Format.uptime(Duration.between(start, Instant.now()))).orElse("?");
            try (TargetJvm jvm = TargetJvm.attach(pid)) {
                Properties p = jvm.agentProperties();
                String version = p.getProperty(PunctualMXBean.VERSION_PROPERTY);
                r.punctual = version == null ? "-" : version + " " + p.getProperty(PunctualMXBean.MODE_PROPERTY, "");
            } catch (Failure e) {
                return null;
            }
            return r;
        }

        private static String mainOf(String displayName) {
            String first = displayName == null ? "" : displayName.strip().split("\\s+", 2)[0];
            return first.isEmpty() ? "?" : first;
        }
    }
}
