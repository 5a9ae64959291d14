package dev.punctual.agent.status.api;

import javax.management.ConstructorParameters;

/** One setting in force: its key, its value as a user would type it, and where the value came from. */
public final class SettingValue {
    private final String key;
    private final String value;
    private final String source;

    @ConstructorParameters({"key", "value", "source"})
    public SettingValue(String key, String value, String source) {
        this.key = key;
        this.value = value;
        this.source = source;
    }

    public String getKey() {
        return key;
    }

    public String getValue() {
        return value;
    }

    public String getSource() {
        return source;
    }
}
