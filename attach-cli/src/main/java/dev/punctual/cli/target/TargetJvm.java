package dev.punctual.cli.target;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.punctual.agent.status.api.PunctualMXBean;
import dev.punctual.cli.Failure;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running JVM, reached through the attach API. Every way of not reaching it becomes one line that
 * says why (no such process, not a JVM, another user's, attach disabled, not answering), and every call
 * into it is bounded in time: a JVM that does not answer must not hang the operator's terminal.
 */
public final class TargetJvm implements AutoCloseable {
    public static final long TIMEOUT_SECONDS = Long.getLong("punctual.attach.timeout", 20);

    private final long pid;
    private final VirtualMachine vm;
    private JMXConnector jmx;

    private TargetJvm(long pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    public long pid() {
        return pid;
    }

    /** Attaches, or says in one line why this pid cannot be attached to. */
    public static TargetJvm attach(long pid) throws Failure {
        if (pid == ProcessHandle.current().pid()) {
            throw Failure.failed("pid " + pid + " is this punctual command itself");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            throw Failure.failed("no process with pid " + pid);
        }
        String owner = process.get().info().user().orElse(null);
        String me = System.getProperty("user.name");
        if (owner != null && !owner.equals(me) && !"root".equals(me)) {
            throw Failure.failed("process " + pid + " belongs to user " + owner + "; run punctual as " + owner);
        }
        String commandLine = commandLine(pid);
        if (commandLine.contains("-XX:+DisableAttachMechanism")) {
            throw Failure.failed("process " + pid + " has attach disabled (-XX:+DisableAttachMechanism); "
                    + "start it with -javaagent instead");
        }
        boolean listed = isListedJvm(pid);
        try {
            VirtualMachine vm = bounded("attach to " + pid, () -> VirtualMachine.attach(Long.toString(pid)));
            return new TargetJvm(pid, vm);
        } catch (Failure f) {
            throw listed ? f : Failure.failed("process " + pid + " is not a Java VM (" + describe(pid, commandLine) + ")");
        }
    }

    /** The agent's properties (the attach API's side channel): where Punctual says it is loaded. */
    public Properties agentProperties() throws Failure {
        return call("read the agent properties of " + pid, vm::getAgentProperties);
    }

    /** The Punctual version loaded in the target, or null when it is not loaded. */
    public String punctualVersion() throws Failure {
        return agentProperties().getProperty(PunctualMXBean.VERSION_PROPERTY);
    }

    /**
     * Loads an agent jar with these arguments and waits for its agentmain to return. The jar path must
     * be readable by the target's user.
     */
    public void loadAgent(Path jar, String arguments) throws Failure {
        call("load the agent into " + pid, () -> {
            try {
                vm.loadAgent(jar.toString(), arguments);
            } catch (AgentInitializationException e) {
                throw new IOException("the agent failed to start in the target (code " + e.returnValue() + ")");
            } catch (AgentLoadException e) {
                throw new IOException("the target refused the agent: " + e.getMessage());
            }
            return null;
        });
    }

    /** A JMX connection through the target's local connector: no network port is opened. */
    public MBeanServerConnection jmx() throws Failure {
        if (jmx == null) {
            String address = bounded("start the local management agent of " + pid, vm::startLocalManagementAgent);
            jmx = bounded("connect to " + pid + " over JMX", () -> JMXConnectorFactory.connect(new JMXServiceURL(address)));
        }
        return bounded("connect to " + pid + " over JMX", jmx::getMBeanServerConnection);
    }

    /**
     * The status MXBean of the Punctual loaded in the target; fails with one line when there is none.
     * An agent started with -javaagent registers its MBean when the platform MBean server is first made
     * (creating it at start-up would slow every start for a command that may never come), which starting
     * the local management agent does. A build from before that registers it only when attached again
     * with no new settings.
     */
    public PunctualMXBean punctual() throws Failure {
        MBeanServerConnection connection = jmx();
        ObjectName name = PunctualMXBean.objectName();
        if (!bounded("look for Punctual in " + pid, () -> connection.isRegistered(name))) {
            if (punctualVersion() == null) {
                throw Failure.failed("Punctual is not loaded in process " + pid + " (punctual attach " + pid + " loads it)");
            }
            loadAgent(AgentJar.path(), "");
            if (!bounded("look for Punctual in " + pid, () -> connection.isRegistered(name))) {
                throw Failure.failed("Punctual in process " + pid + " does not answer; its stderr says why");
            }
        }
        return JMX.newMXBeanProxy(connection, name, PunctualMXBean.class);
    }

    @Override
    public void close() {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the target may be gone; nothing left to release on this side
        }
        try {
            vm.detach();
        } catch (IOException | RuntimeException ignored) {
            // likewise
        }
    }

    /** As {@link #bounded}, saying so plainly when the failure is that the target has exited meanwhile. */
    private <T> T call(String what, Callable<T> call) throws Failure {
        try {
            return bounded(what, call);
        } catch (Failure f) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw f;
            }
            throw Failure.failed("process " + pid + " has exited");
        }
    }

    /** Runs a call into the target on a daemon thread, so that a target that never answers cannot hang us. */
    public static <T> T bounded(String what, Callable<T> call) throws Failure {
        FutureTask<T> task = new FutureTask<>(call);
        Thread t = new Thread(task, "punctual-cli-call");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw Failure.failed("cannot " + what + ": no answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.failed("cannot " + what + ": interrupted");
        } catch (ExecutionException e) {
            throw Failure.failed("cannot " + what + ": " + reason(e.getCause()));
        }
    }

    private static String reason(Throwable t) {
        if (t instanceof AttachNotSupportedException) {
            return "the JVM does not accept attach (" + t.getMessage() + ")";
        }
        if (t instanceof javax.management.RuntimeMBeanException && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static boolean isListedJvm(long pid) {
        String id = Long.toString(pid);
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** The process's command line as the kernel has it; empty where that cannot be read. */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ').strip();
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
        }
    }

    private static String describe(long pid, String commandLine) {
        if (commandLine.isEmpty()) {
            return "its command line cannot be read";
        }
        String first = commandLine.split(" ", 2)[0];
        return first.length() > 60 ? "..." + first.substring(first.length() - 57) : first;
    }
}
