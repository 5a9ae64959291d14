package dev.punctual.it.apps;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Classes of an application's own that bear the names of classes Punctual instruments (gRPC's
 * ClientCallImpl, Netty's HashedWheelTimeout and ScheduledFutureTask) with other shapes, each directory
 * in a class loader of its own: each class's static exercise(int) is run and its result printed, and
 * anything thrown is checked for Punctual's frames ({@link FaultyHost#check}). Then waits for the stop
 * file (bounded), so that status can be read.
 *
 * <p>Arguments: stop file, times, then CLASS=DIRECTORY pairs.
 */
public final class LookAlikes {
    public static void main(String[] args) throws Exception {
        int times = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            String[] classAndDir = args[i].split("=", 2);
            URLClassLoader loader = new URLClassLoader(new URL[]{Path.of(classAndDir[1]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            String label = Path.of(classAndDir[1]).getFileName() + " " + classAndDir[0];
            try {
                Object result = Class.forName(classAndDir[0], true, loader).getMethod("exercise", int.class).invoke(null, times);
                System.out.println(label + ": " + result);
            } catch (Throwable t) {
                FaultyHost.check(label, t);
            }
        }
        System.out.println("ready");
        Path stop = Path.of(args[0]);
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!Files.exists(stop) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }
}
