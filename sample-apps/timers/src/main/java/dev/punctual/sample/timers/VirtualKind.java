package dev.punctual.sample.timers;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

/**
 * A virtual thread, timers-virtual, that sleeps one period at a time (JDK 21+). The JDK wakes it from
 * a scheduler of its own; its lag as the app sees it also holds the time to get a carrier thread back.
 * Found by reflection: the app is built for JDK 17.
 */
final class VirtualKind implements TimerKind {
    private Thread thread;
    private volatile boolean stopping;

    @Override
    public String name() {
        return "virtual";
    }

    @Override
    public String scheduler() {
        return "virtual-threads";
    }

    @Override
    public boolean availableOnThisJvm() {
        return Runtime.version().feature() >= 21;
    }

    @Override
    public void start(Lags lags, long period, long stall, long stallEvery) throws ReflectiveOperationException {
        Runnable sleeper = () -> {
            for (int i = 0; !stopping; i++) {
                long before = System.nanoTime();
                try {
                    TimeUnit.NANOSECONDS.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                // The sleep reads the clock after 'before': the wake-up was due no earlier than this.
                lags.due(i, before + period, before + period);
                lags.ran(i, now);
            }
        };
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> type = Class.forName("java.lang.Thread$Builder");
        builder = type.getMethod("name", String.class).invoke(builder, "timers-virtual");
        Method start = type.getMethod("start", Runnable.class);
        thread = (Thread) start.invoke(builder, sleeper);
    }

    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        thread.join(5000);
    }
}
