package io.grpc.internal;

/**
 * An application's own class that happens to have gRPC's name, with other members: no
 * effectiveDeadline() returning a Deadline, no closeObserver(...), a method field that is a String.
 */
public final class ClientCallImpl {
    private final String method = "not a MethodDescriptor";

    private long effectiveDeadline(long now) {
        return now + method.length();
    }

    public static String exercise(int times) {
        long sum = 0;
        for (int i = 0; i < times; i++) {
            sum += new ClientCallImpl().effectiveDeadline(i);
        }
        return "calls " + times + ", sum " + sum;
    }
}
