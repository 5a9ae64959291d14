package dev.punctual.sample.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Splits a sample app's command line into options, "--name value" or "--name=value" as GNU getopt does. */
public final class CommandLine {
    /** A sample app's option parser. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String[] args) throws UsageException;
    }

    /** One option as given; {@code value} is null for a flag. */
    public record Option(String name, String value) {
    }

    private CommandLine() {
    }

    /**
     * What every sample app's main does first: a bad command line prints one line on stderr, "app:
     * message", and exits with status 2; --help prints the usage.
     *
     * @return the options, or null when --help was given (the usage is printed: the app returns)
     */
    public static <T> T optionsOrExit(String app, String[] args, Parser<T> parser, Predicate<T> help, String usage) {
        T options;
        try {
            options = parser.parse(args);
        } catch (UsageException e) {
            System.err.println(app + ": " + e.getMessage());
            System.exit(2);
            return null;
        }
        if (help.test(options)) {
            System.out.print(usage);
            return null;
        }
        return options;
    }

    /**
     * @param valued the options that take a value
     * @param flags  the options that take none
     */
    public static List<Option> split(String[] args, Set<String> valued, Set<String> flags) throws UsageException {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                throw new UsageException("unexpected argument '" + arg + "' (see --help)");
            }
            int eq = arg.indexOf('=');
            String name = eq >= 0 ? arg.substring(0, eq) : arg;
            String value = eq >= 0 ? arg.substring(eq + 1) : null;
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option " + name + " takes no value");
                }
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = args[++i];
                }
            } else {
                throw new UsageException("unknown option '" + name + "' (see --help)");
            }
            options.add(new Option(name, value));
        }
        return options;
    }
}
