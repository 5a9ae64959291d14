package dev.punctual.bootstrap.timers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK's own schedulers that wake virtual threads from sleep and timed parks: a ForkJoinPool's
 * delayed tasks on JDK 25 (VirtualThread.DEFAULT_SCHEDULER), dedicated ScheduledThreadPoolExecutors
 * before (UNPARKER, then DELAYED_TASK_SCHEDULERS). Their lag shows carriers too busy to wake sleeping
 * virtual threads on time. Asked once per scheduler, when it is first seen, never per execution.
 */
final class VirtualThreadSchedulers {
    static final String NAME = "virtual-threads";
    private static final String[] FIELDS = {"DEFAULT_SCHEDULER", "UNPARKER", "DELAYED_TASK_SCHEDULERS"};
    private static List<Object> known;

    private VirtualThreadSchedulers() {
    }

    static synchronized boolean isOne(Object owner) {
        if (known == null) {
            known = find();
        }
        for (Object k : known) {
            if (k == owner) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> find() {
        List<Object> out = new ArrayList<>();
        if (Runtime.version().feature() < 21) {
            return out;
        }
        for (String name : FIELDS) {
            try {
                Field f = Class.forName("java.lang.VirtualThread", false, null).getDeclaredField(name);
                if (!Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object value = f.get(null);
                if (value instanceof Object[]) {
                    out.addAll(List.of((Object[]) value));
                } else if (value != null) {
                    out.add(value);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // This JDK has no such field: its schedulers are found by the other names.
            }
        }
        return out;
    }
}
