package dev.punctual.cli;

import dev.punctual.agent.config.Durations;
import dev.punctual.agent.config.InvalidValueException;
import picocli.CommandLine;

import java.time.Duration;

/** Durations on the command line read as in the agent's settings: 250us, 1ms, 30s, PT2S. */
final class DurationOption implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        try {
            Duration d = Durations.parse(text);
            if (Durations.isOff(d) || d.isZero()) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a positive duration");
            }
            return d;
        } catch (InvalidValueException e) {
            throw new CommandLine.TypeConversionException("'" + text + "': " + e.getMessage());
        }
    }
}
