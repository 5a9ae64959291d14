package dev.punctual.cli;

import dev.punctual.agent.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key=value settings given on the command line, checked here with the agent's own parser before
 * anything reaches the target: a bad key or value stops the command, not one feature in the target.
 */
final class AgentArguments {
    private AgentArguments() {
    }

    /** @return the agent argument string (key=value,key=value) */
    static String of(List<String> settings) throws Failure {
        if (settings == null || settings.isEmpty()) {
            return "";
        }
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw Failure.usage("'" + s + "' is not a setting: expected key=value, e.g. timers.lag.threshold=2ms");
            }
            if (s.indexOf(',') >= 0) {
                throw Failure.usage("'" + s + "': a value cannot contain a comma; put such a setting in a config file");
            }
        }
        String joined = String.join(",", settings);
        List<String> problems = new ArrayList<>();
        // Only the arguments: the target's own system properties and environment are its business.
        Config.load(joined, Map.of(), Map.of(), problems::add);
        if (!problems.isEmpty()) {
            // The parser speaks as the agent, which goes on without the setting; here nothing goes on.
            throw Failure.usage(problems.get(0).replaceFirst("^ignoring ", "").replace(" from agent arguments", "")
                    .replaceFirst("; (using the default|.* applies).*$", ""));
        }
        return joined;
    }
}
