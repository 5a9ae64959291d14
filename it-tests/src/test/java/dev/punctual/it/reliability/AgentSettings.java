package dev.punctual.it.reliability;

import dev.punctual.it.support.Jvm;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting the agent declares, read from the agent jar the build made (its Settings.ALL), so that a
 * setting added later is covered by the fault tests without a change to them.
 */
record AgentSettings(String key, String environmentName, boolean perTarget) {
    static final String CONFIG_FILE = "punctual.config";

    static List<AgentSettings> all() {
        try (URLClassLoader loader = new URLClassLoader(new URL[]{Jvm.AGENT_JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> settings = Class.forName("dev.punctual.agent.config.Settings", true, loader);
            Class<?> setting = Class.forName("dev.punctual.agent.config.Setting", true, loader);
            Method key = setting.getMethod("key");
            Method environmentName = setting.getMethod("environmentName");
            Method perTarget = setting.getMethod("isPerTarget");
            List<AgentSettings> out = new ArrayList<>();
            for (Object s : (List<?>) settings.getField("ALL").get(null)) {
                out.add(new AgentSettings((String) key.invoke(s), (String) environmentName.invoke(s), (Boolean) perTarget.invoke(s)));
            }
            if (out.size() < 10 || out.stream().noneMatch(s -> s.key.equals(CONFIG_FILE))) {
                throw new AssertionError("not the agent's settings: " + out);
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("cannot read the settings declared in " + Jvm.AGENT_JAR, e);
        }
    }
}
