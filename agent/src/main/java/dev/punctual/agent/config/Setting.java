package dev.punctual.agent.config;

import java.time.Duration;
import java.util.Locale;

/** One setting a user can type: its key, its default, and how its text is read. */
public final class Setting<T> {
    /** Reads a value's text, or says what was expected. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text) throws InvalidValueException;
    }

    private final String key;
    private final T defaultValue;
    private final Parser<T> parser;
    /** How the target part of a per-target key is read; null when the setting has no per-target keys. */
    private final Parser<String> target;

    private Setting(String key, T defaultValue, Parser<T> parser) {
        this(key, defaultValue, parser, null);
    }

    private Setting(String key, T defaultValue, Parser<T> parser, Parser<String> target) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.target = target;
    }

    /**
     * This setting, also settable per target: {@code key.<target>}, the target read by {@code target}
     * (see {@link Targets}). Per-target keys are read from agent arguments, system properties and the
     * config file; an environment variable's name cannot carry a target's dots.
     */
    public Setting<T> perTarget(Parser<String> target) {
        return new Setting<>(key, defaultValue, parser, target);
    }

    public boolean isPerTarget() {
        return target != null;
    }

    String parseTarget(String text) throws InvalidValueException {
        return target.parse(text);
    }

    // The parsers are classes rather than lambdas: they load in premain, where the first lambda in a
    // JVM costs milliseconds of the application's start-up.

    public static Setting<Duration> duration(String key, String defaultText) {
        Parser<Duration> parser = new Parser<>() {
            @Override
            public Duration parse(String text) throws InvalidValueException {
                return Durations.parse(text);
            }
        };
        try {
            return new Setting<>(key, parser.parse(defaultText), parser);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(defaultText, e);
        }
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue) {
        return new Setting<>(key, defaultValue, new Parser<>() {
            @Override
            public Boolean parse(String text) throws InvalidValueException {
                switch (text.strip().toLowerCase(Locale.ROOT)) {
                    case "true":
                        return true;
                    case "false":
                        return false;
                    default:
                        throw new InvalidValueException("not true or false");
                }
            }
        });
    }

    public static <E extends Enum<E>> Setting<E> choice(String key, E defaultValue) {
        Class<E> type = defaultValue.getDeclaringClass();
        return new Setting<>(key, defaultValue, new Parser<>() {
            @Override
            public E parse(String text) throws InvalidValueException {
                for (E e : type.getEnumConstants()) {
                    if (e.name().equalsIgnoreCase(text.strip())) {
                        return e;
                    }
                }
                throw new InvalidValueException("not one of " + choices(type));
            }
        });
    }

    public static Setting<String> text(String key, String defaultValue) {
        return new Setting<>(key, defaultValue, new Parser<>() {
            @Override
            public String parse(String text) {
                return text.strip();
            }
        });
    }

    /** A setting read by a parser of its own; its default is given as text, as a user would write it. */
    public static <T> Setting<T> parsed(String key, String defaultText, Parser<T> parser) {
        try {
            return new Setting<>(key, parser.parse(defaultText), parser);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(defaultText, e);
        }
    }

    private static String choices(Class<? extends Enum<?>> type) {
        StringBuilder b = new StringBuilder();
        for (Enum<?> e : type.getEnumConstants()) {
            b.append(b.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    T parse(String text) throws InvalidValueException {
        return parser.parse(text);
    }

    /** The environment variable for this key: PUNCTUAL_TIMERS_LAG_THRESHOLD for punctual.timers.lag.threshold. */
    public String environmentName() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** How the value reads back in messages and status. */
    public static String format(Object value) {
        if (value instanceof Duration) {
            return Durations.format((Duration) value);
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name().toLowerCase(Locale.ROOT);
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return key;
    }
}
