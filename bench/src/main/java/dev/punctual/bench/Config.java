package dev.punctual.bench;

import java.util.List;

/** A configuration of a whole-process benchmark: its label in the results and its JVM options. */
public record Config(String label, List<String> jvmArgs) {

    public static Config of(Agent agent, Layout layout) {
        return new Config(agent.label, agent.jvmArgs(layout));
    }
}
