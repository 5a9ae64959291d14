package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.Log;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name of the application's task behind the JDK's wrappers: a ScheduledFutureTask holds a
 * callable, which for a Runnable is an Executors.RunnableAdapter, and so on. Only called when an event
 * is written, never per execution. Reads private JDK fields, which the agent opened to this module.
 */
public final class TaskNames {
    /** Wrapper class name to the fields that may hold what it wraps, the first non-null one wins. */
    private static final Map<String, List<String>> WRAPPED_IN = Map.of(
            "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask", List.of("java.util.concurrent.FutureTask.callable"),
            "java.util.concurrent.FutureTask", List.of("java.util.concurrent.FutureTask.callable"),
            "java.util.concurrent.Executors$RunnableAdapter", List.of("java.util.concurrent.Executors$RunnableAdapter.task"),
            "java.util.concurrent.CompletableFuture$TaskSubmitter", List.of("java.util.concurrent.CompletableFuture$TaskSubmitter.action"),
            "java.util.concurrent.DelayScheduler$ScheduledForkJoinTask", List.of(
                    "java.util.concurrent.DelayScheduler$ScheduledForkJoinTask.runnable",
                    "java.util.concurrent.DelayScheduler$ScheduledForkJoinTask.callable"));
    /**
     * Wrappers of libraries that applications also carry shaded: by how their class name ends, the field
     * (declared by the class or a superclass) that holds what they wrap.
     */
    private static final Map<String, String> WRAPPED_IN_LIBRARY = Map.of(
            "io.netty.util.concurrent.ScheduledFutureTask", "task",
            "io.netty.util.concurrent.PromiseTask$RunnableAdapter", "task");
    private static final Map<String, Field> FIELDS = new ConcurrentHashMap<>();
    private static final int MAX_DEPTH = 4;

    private TaskNames() {
    }

    public static String of(Object task) {
        Object current = task;
        for (int depth = 0; depth < MAX_DEPTH && current != null; depth++) {
            List<String> fields = WRAPPED_IN.get(current.getClass().getName());
            if (fields == null) {
                Object inner = unwrapLibrary(current);
                if (inner == null) {
                    break;
                }
                current = inner;
                continue;
            }
            Object inner = null;
            for (int i = 0; i < fields.size() && inner == null; i++) {
                inner = read(fields.get(i), current);
            }
            if (inner == null) {
                break;
            }
            current = inner;
        }
        return current == null ? "" : readable(current.getClass().getName());
    }

    /**
     * The task whose run threw {@code failure}: the frame that the JDK's adapter called. For a task that
     * already failed, since FutureTask lets go of what it wrapped when it completes.
     */
    public static String ofFailedRun(Object task, Throwable failure) {
        if (failure != null) {
            StackTraceElement[] frames = failure.getStackTrace();
            for (int i = 0; i + 1 < frames.length; i++) {
                String caller = frames[i + 1].getClassName();
                if (!frames[i].getClassName().startsWith("java.util.concurrent.")
                        && (caller.equals("java.util.concurrent.Executors$RunnableAdapter") || caller.equals("java.util.concurrent.FutureTask"))) {
                    return readable(frames[i].getClassName());
                }
            }
        }
        return of(task);
    }

    /** Drops the per-run address of a hidden class (a lambda), so names stay comparable across runs. */
    static String readable(String className) {
        int hidden = className.indexOf("/0x");
        return hidden < 0 ? className : className.substring(0, hidden);
    }

    /** Per wrapper class of a library, the field holding what it wraps; null for any other class. */
    private static final ClassValue<Field> LIBRARY_FIELD = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            for (Map.Entry<String, String> rule : WRAPPED_IN_LIBRARY.entrySet()) {
                if (!type.getName().endsWith(rule.getKey())) {
                    continue;
                }
                for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                    try {
                        Field f = c.getDeclaredField(rule.getValue());
                        f.setAccessible(true);
                        return f;
                    } catch (NoSuchFieldException e) {
                        // declared further up
                    } catch (RuntimeException e) {
                        return null;
                    }
                }
            }
            return null;
        }
    };

    private static Object unwrapLibrary(Object wrapper) {
        Field f = LIBRARY_FIELD.get(wrapper.getClass());
        try {
            return f == null ? null : f.get(wrapper);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Object read(String qualifiedField, Object target) {
        try {
            Field f = FIELDS.get(qualifiedField);
            if (f == null) {
                int dot = qualifiedField.lastIndexOf('.');
                Class<?> owner = Class.forName(qualifiedField.substring(0, dot), false, null);
                f = owner.getDeclaredField(qualifiedField.substring(dot + 1));
                f.setAccessible(true);
                FIELDS.put(qualifiedField, f);
            }
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warnOnce("task-name:" + qualifiedField,
                    "cannot read " + qualifiedField + " to name tasks (" + e + "); events name the JDK's wrapper instead");
            return null;
        }
    }
}
