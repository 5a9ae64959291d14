package dev.punctual.agent.status;

import dev.punctual.agent.config.Config;
import dev.punctual.agent.config.Setting;
import dev.punctual.agent.config.Settings;
import dev.punctual.agent.instrumentation.Weaver;
import dev.punctual.agent.status.api.Counters;
import dev.punctual.agent.status.api.PunctualMXBean;
import dev.punctual.agent.status.api.SchedulerLag;
import dev.punctual.agent.status.api.SettingValue;
import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.clock.ClockSteps;
import dev.punctual.bootstrap.deadlines.DeadlineSummaries;
import dev.punctual.bootstrap.timers.LagSummaries;
import dev.punctual.bootstrap.timers.PeriodicTaskDeaths;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The status MBean: reads what the agent already keeps; nothing here runs unless a JMX client asks. */
public final class AgentStatus implements PunctualMXBean {
    private static final int WORST_SCHEDULERS = 10;

    private final String version;
    private final Supplier<Config> config;
    private final Supplier<String> detach;

    /**
     * @param config the configuration in force now (a later attach may change it)
     * @param detach undoes the agent and says what it did
     */
    public AgentStatus(String version, Supplier<Config> config, Supplier<String> detach) {
        this.version = version;
        this.config = config;
        this.detach = detach;
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getMode() {
        return Setting.format(config.get().get(Settings.MODE));
    }

    @Override
    public List<SettingValue> getSettings() {
        Config c = config.get();
        List<SettingValue> out = new ArrayList<>();
        for (Setting<?> s : Settings.ALL) {
            out.add(new SettingValue(s.key(), Setting.format(c.get(s)), c.sourceOf(s).toString()));
            if (s.isPerTarget()) {
                for (Map.Entry<String, ?> e : c.perTarget(s).entrySet()) {
                    out.add(new SettingValue(s.key() + "." + e.getKey(), Setting.format(e.getValue()), "per-target rule"));
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, String> getInstrumentations() {
        Set<String> woven = Weaver.woven();
        Map<String, String> out = new TreeMap<>();
        for (String name : Weaver.installed()) {
            out.put(name, woven.contains(name) ? ACTIVE : WAITING);
        }
        for (Map.Entry<String, String> e : Weaver.skipped().entrySet()) {
            out.put(e.getKey(), SKIPPED + e.getValue());
        }
        return out;
    }

    @Override
    public Map<String, Long> getCounters() {
        long[] deadlines = DeadlineSummaries.totals();
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(Counters.TIMER_EXECUTIONS, LagSummaries.executions());
        out.put(Counters.DEADLINES_INJECTED, deadlines[0]);
        out.put(Counters.DEADLINES_MISSING, deadlines[1]);
        out.put(Counters.DEADLINES_EXCEEDED, deadlines[2]);
        out.put(Counters.TASKS_DIED, PeriodicTaskDeaths.count());
        out.put(Counters.CLOCK_STEPS, ClockSteps.count());
        out.put(Counters.FAULTS, Log.faults());
        return out;
    }

    @Override
    public List<SchedulerLag> getWorstSchedulers() {
        List<SchedulerLag> out = new ArrayList<>();
        for (LagSummaries.Latest l : LagSummaries.latest()) {
            out.add(new SchedulerLag(l.kind, l.scheduler, l.count, l.p99, l.max));
        }
        out.sort(Comparator.comparingLong(SchedulerLag::getP99Nanos).reversed());
        return out.size() > WORST_SCHEDULERS ? new ArrayList<>(out.subList(0, WORST_SCHEDULERS)) : out;
    }

    @Override
    public String detach() {
        return detach.get();
    }
}
