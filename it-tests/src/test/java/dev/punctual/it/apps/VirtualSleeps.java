package dev.punctual.it.apps;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Four threads that each sleep 2 ms fifty times: virtual threads where the JDK has them (found by
 * reflection, since these tests compile for JDK 17), platform threads otherwise.
 */
public final class VirtualSleeps {
    public static void main(String[] args) throws Exception {
        Runnable sleeper = new Runnable() {
            @Override
            public void run() {
                for (int i = 0; i < 50; i++) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        };
        Method ofVirtual = null;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            // JDK 17: no virtual threads
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (ofVirtual != null) {
                Object builder = ofVirtual.invoke(null);
                Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
                threads.add((Thread) start.invoke(builder, sleeper));
            } else {
                Thread t = new Thread(sleeper);
                t.start();
                threads.add(t);
            }
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        System.out.println("virtual threads: " + (ofVirtual != null ? "yes" : "none"));
    }
}
