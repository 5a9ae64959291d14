package dev.punctual.it.support;

import com.sun.tools.attach.VirtualMachine;

import java.nio.file.Path;

/** Loads the agent into a running JVM through the JDK's attach API, as an operator's tool would. */
public final class Attach {
    private Attach() {
    }

    public static void load(long pid, String options) throws Exception {
        loadJar(pid, Jvm.AGENT_JAR, options);
    }

    public static void loadJar(long pid, Path jar, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgent(jar.toString(), options);
        } finally {
            vm.detach();
        }
    }
}
