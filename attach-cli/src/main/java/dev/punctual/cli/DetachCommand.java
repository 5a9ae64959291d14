package dev.punctual.cli;

import dev.punctual.cli.target.TargetJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "detach", mixinStandardHelpOptions = true,
        description = "Restores every class Punctual transformed in the JVM, stops its threads and releases its "
                + "memory: the JVM behaves as before the attach.")
final class DetachCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    long pid;

    @Override
    public Integer call() throws Failure {
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            String done = TargetJvm.bounded("detach from " + pid, jvm.punctual()::detach);
            System.out.println("detached from " + pid + ": " + done);
        }
        return 0;
    }
}
