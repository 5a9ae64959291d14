package dev.punctual.agent.config;

/** Where a setting's value came from, strongest first. */
public enum Source {
    AGENT_ARGUMENTS("agent arguments"),
    SYSTEM_PROPERTY("system property"),
    ENVIRONMENT("environment"),
    CONFIG_FILE("config file"),
    DEFAULT("default");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
