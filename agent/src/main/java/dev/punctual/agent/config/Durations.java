package dev.punctual.agent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Duration values as users write them: {@code 250us}, {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h},
 * ISO-8601 {@code PT2S}, {@code 0}, and {@code off}. What off and 0 mean is up to each setting.
 */
public final class Durations {
    /** The value of {@code off}: negative, so that no real duration is mistaken for it. */
    public static final Duration OFF = Duration.ofNanos(-1);

    private static final String EXPECTED = "not a duration (use e.g. 250us, 500ms, 2s, 1m, PT2S, 0 or off)";
    private static final String[][] UNITS = {
            {"ns", "1"}, {"us", "1000"}, {"µs", "1000"}, {"ms", "1000000"},
            {"s", "1000000000"}, {"m", "60000000000"}, {"h", "3600000000000"}, {"d", "86400000000000"}};

    private Durations() {
    }

    public static boolean isOff(Duration d) {
        return d.isNegative();
    }

    public static Duration parse(String text) throws InvalidValueException {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("off")) {
            return OFF;
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.startsWith("p")) {
            try {
                Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw new InvalidValueException("a negative duration");
                }
                // Every setting is used in nanoseconds: PT99999999999999H parses, yet overflows there.
                d.toNanos();
                return d;
            } catch (ArithmeticException e) {
                throw new InvalidValueException("a duration too large");
            } catch (DateTimeParseException e) {
                throw new InvalidValueException(EXPECTED);
            }
        }
        // Longest unit first would mis-read "ms" as "m"+"s"; match the unit as the whole alphabetic tail.
        int tail = s.length();
        while (tail > 0 && !Character.isDigit(s.charAt(tail - 1)) && s.charAt(tail - 1) != '.') {
            tail--;
        }
        String number = s.substring(0, tail).strip();
        String unit = s.substring(tail).strip();
        for (String[] u : UNITS) {
            if (u[0].equals(unit)) {
                return scaled(number, Long.parseLong(u[1]));
            }
        }
        throw new InvalidValueException(EXPECTED);
    }

    private static Duration scaled(String number, long nanosPerUnit) throws InvalidValueException {
        if (number.isEmpty() || number.startsWith("-") || number.startsWith("+")) {
            throw new InvalidValueException(EXPECTED);
        }
        try {
            double nanos = Double.parseDouble(number) * nanosPerUnit;
            if (Double.isNaN(nanos) || nanos > Long.MAX_VALUE) {
                throw new InvalidValueException("a duration too large");
            }
            return Duration.ofNanos(Math.round(nanos));
        } catch (NumberFormatException e) {
            throw new InvalidValueException(EXPECTED);
        }
    }

    /** The shortest exact way to write {@code d} back, e.g. 1ms, 2s, 250us, off. */
    public static String format(Duration d) {
        if (isOff(d)) {
            return "off";
        }
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0";
        }
        for (int i = UNITS.length - 1; i >= 0; i--) {
            long per = Long.parseLong(UNITS[i][1]);
            if (UNITS[i][0].equals("µs")) {
                continue;
            }
            if (nanos % per == 0) {
                return nanos / per + UNITS[i][0];
            }
        }
        return nanos + "ns";
    }
}
