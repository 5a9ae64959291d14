package dev.punctual.it.support;

import com.sun.tools.attach.VirtualMachine;

/** Loads the agent into a running JVM through the JDK's attach API, as an operator's tool would. */
public final class Attach {
    private Attach() {
    }

    public static void load(long pid, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgent(Jvm.AGENT_JAR.toString(), options);
        } finally {
            vm.detach();
        }
    }
}
