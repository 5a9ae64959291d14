package dev.punctual.sample.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one call at a time, each on a daemon thread of its own, and waits for it at most the give-up
 * time: a call without a timeout to a peer that never answers would otherwise hold the app forever.
 */
final class Caller {
    /** What a call returns when its API has no status to give (URL.openStream, URL.getContent). */
    static final int NO_STATUS = -1;

    /** How one call ended; {@code outcome} is ok, hung, or the simple name of the exception's class. */
    record Result(String outcome, long elapsedMillis, int status, Throwable failure) {
        boolean ok() {
            return outcome.equals("ok");
        }

        boolean hung() {
            return outcome.equals("hung");
        }
    }

    private final long giveUpNanos;
    private int calls;

    Caller(long giveUpNanos) {
        this.giveUpNanos = giveUpNanos;
    }

    Result call(Callable<Integer> call) {
        FutureTask<Integer> task = new FutureTask<>(call);
        Thread thread = new Thread(task, "http-call-" + ++calls);
        // A daemon: a call given up on may stay blocked until the app exits.
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        try {
            int status = task.get(giveUpNanos, TimeUnit.NANOSECONDS);
            return new Result("ok", millisSince(start), status, null);
        } catch (ExecutionException e) {
            Throwable failure = cause(e);
            return new Result(failure.getClass().getSimpleName(), millisSince(start), NO_STATUS, failure);
        } catch (TimeoutException e) {
            long elapsed = millisSince(start);
            // Cancels an HttpClient exchange; a thread blocked in HttpURLConnection ignores it, and stays
            // blocked until the server closes the connection.
            thread.interrupt();
            return new Result("hung", elapsed, NO_STATUS, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            return new Result("hung", millisSince(start), NO_STATUS, null);
        }
    }

    /**
     * The exception that says what happened, not its wrappers: the async API's, and an IOException that
     * only carries another. When the cause is of the same class or a subclass (send rethrows a copy of
     * the async failure; a connect timeout is a kind of request timeout), the cause, as the most specific.
     */
    static Throwable cause(Throwable failure) {
        Throwable e = failure;
        while (e.getCause() != null && (e instanceof ExecutionException || e instanceof CompletionException
                || e instanceof UncheckedIOException
                || (e.getClass() == IOException.class && e.getCause() instanceof IOException)
                || e.getClass().isInstance(e.getCause()))) {
            e = e.getCause();
        }
        return e;
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
