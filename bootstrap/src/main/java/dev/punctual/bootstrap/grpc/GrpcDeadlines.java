package dev.punctual.bootstrap.grpc;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.deadlines.DeadlineRules;
import dev.punctual.bootstrap.deadlines.Deadlines;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Default deadlines for grpc-java client calls. Every call, whatever stub, interceptors or transport
 * made it, is an io.grpc.internal.ClientCallImpl, which takes the earlier of its CallOptions' deadline
 * and its Context's in effectiveDeadline(), as the call starts (on the caller's thread) and again as it
 * closes: where that is null, this gives the default instead, the same one both times, and gRPC arms its
 * own timer and sends grpc-timeout as if the caller had set it. A call that closes with
 * DEADLINE_EXCEEDED is reported as exceeded.
 *
 * <p>gRPC lives in the application's class loader, which these boot-loader classes cannot name: its
 * public API is called through method handles found from the call's own class.
 */
public final class GrpcDeadlines {
    private static final FaultSite GRPC_EFFECTIVE_DEADLINE_FAULT = new FaultSite("grpc.effectiveDeadline");
    private static final FaultSite GRPC_CLOSED_FAULT = new FaultSite("grpc.closed");

    public static final String CLIENT = "gRPC";
    /** Calls between their start and their close; bounded, so that calls never closed cannot pile up. */
    private static final int MAX_OPEN_CALLS = 1 << 16;
    private static final ConcurrentHashMap<Identity, Call> OPEN = new ConcurrentHashMap<>();

    /** The io.grpc API of one copy of gRPC (an application may carry a shaded one besides). */
    private static final ClassValue<Api> API = new ClassValue<>() {
        @Override
        protected Api computeValue(Class<?> callClass) {
            try {
                return new Api(callClass);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Log.warnOnce("grpc:" + callClass.getName(), "cannot use the gRPC API next to " + callClass.getName()
                        + " (" + e + "); its calls get no default deadline");
                return null;
            }
        }
    };

    private static final class Api {
        final MethodHandle fullMethodName; // MethodDescriptor.getFullMethodName()
        final MethodHandle type;           // MethodDescriptor.getType(), an enum
        final MethodHandle after;          // Deadline.after(long, TimeUnit)
        final MethodHandle timeRemaining;  // Deadline.timeRemaining(TimeUnit)
        final MethodHandle code;           // Status.getCode(), an enum

        Api(Class<?> callClass) throws ReflectiveOperationException {
            // io.grpc.internal.ClientCallImpl, possibly under a shading prefix.
            String prefix = callClass.getName().substring(0, callClass.getName().length() - "io.grpc.internal.ClientCallImpl".length());
            ClassLoader loader = callClass.getClassLoader();
            Class<?> method = Class.forName(prefix + "io.grpc.MethodDescriptor", false, loader);
            Class<?> methodType = Class.forName(prefix + "io.grpc.MethodDescriptor$MethodType", false, loader);
            Class<?> deadline = Class.forName(prefix + "io.grpc.Deadline", false, loader);
            Class<?> status = Class.forName(prefix + "io.grpc.Status", false, loader);
            Class<?> statusCode = Class.forName(prefix + "io.grpc.Status$Code", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            fullMethodName = lookup.findVirtual(method, "getFullMethodName", MethodType.methodType(String.class))
                    .asType(MethodType.methodType(String.class, Object.class));
            type = lookup.findVirtual(method, "getType", MethodType.methodType(methodType))
                    .asType(MethodType.methodType(Object.class, Object.class));
            after = lookup.findStatic(deadline, "after", MethodType.methodType(deadline, long.class, TimeUnit.class))
                    .asType(MethodType.methodType(Object.class, long.class, TimeUnit.class));
            timeRemaining = lookup.findVirtual(deadline, "timeRemaining", MethodType.methodType(long.class, TimeUnit.class))
                    .asType(MethodType.methodType(long.class, Object.class, TimeUnit.class));
            code = lookup.findVirtual(status, "getCode", MethodType.methodType(statusCode))
                    .asType(MethodType.methodType(Object.class, Object.class));
        }
    }

    /** A call as decided at its start. */
    private static final class Call {
        final String target;
        final String kind;
        final long start = System.nanoTime();
        final Object deadline;
        final long timeoutNanos;
        final boolean injected;

        Call(String target, String kind, Object deadline, long timeoutNanos, boolean injected) {
            this.target = target;
            this.kind = kind;
            this.deadline = deadline;
            this.timeoutNanos = timeoutNanos;
            this.injected = injected;
        }
    }

    /** A key by identity, for a call object that may define equals of its own. */
    private static final class Identity {
        final Object o;

        Identity(Object o) {
            this.o = o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(o);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Identity && ((Identity) other).o == o;
        }
    }

    private GrpcDeadlines() {
    }

    /**
     * On every return from ClientCallImpl.effectiveDeadline().
     *
     * @param returned the earlier of the call's and its context's deadline, or null for none
     * @return the deadline the call is to have
     */
    public static void forget() {
        OPEN.clear();
    }

    public static Object effectiveDeadline(Object returned, Object call, Object method) {
        try {
            Identity key = new Identity(call);
            Call known = OPEN.get(key);
            if (known != null) {
                // Ours (a default or the budget's) whenever we gave one, else the caller's own.
                return known.injected ? known.deadline : returned;
            }
            Api a = API.get(call.getClass());
            if (a == null) {
                return returned;
            }
            String target = (String) a.fullMethodName.invokeExact(method);
            String type = ((Enum<?>) (Object) a.type.invokeExact(method)).name();
            String kind = type.toLowerCase(Locale.ROOT).replace('_', '-');
            Object deadline = returned;
            long timeout = returned == null ? -1 : (long) a.timeRemaining.invokeExact(returned, TimeUnit.NANOSECONDS);
            boolean injected = false;
            // A stream the streaming policy leaves without a default still ends with the work's budget.
            DeadlineRules.Rule rule = DeadlineRules.grpcCovers(type) ? DeadlineRules.grpcTimeoutFor(target) : null;
            long budgeted = Deadlines.budgeted(CLIENT, kind, target, -1, timeout, rule);
            if (budgeted >= 0) {
                // A budget run out gives a deadline already expired: gRPC fails the call at once.
                deadline = (Object) a.after.invokeExact(budgeted, TimeUnit.NANOSECONDS);
                timeout = budgeted;
                injected = true;
            } else if (returned == null) {
                if (rule == null) {
                    return null;
                }
                // Observe mode: reported for its budget already, not again for the default.
                long nanos = budgeted == Deadlines.REPORTED ? -1 : Deadlines.missing(CLIENT, kind, target, -1, rule);
                timeout = Math.max(nanos, 0);
                if (nanos >= 0) {
                    deadline = (Object) a.after.invokeExact(nanos, TimeUnit.NANOSECONDS);
                    injected = true;
                }
            }
            if (OPEN.size() < MAX_OPEN_CALLS) {
                OPEN.put(key, new Call(target, kind, deadline, timeout, injected));
            }
            return deadline;
        } catch (Throwable t) {
            GRPC_EFFECTIVE_DEADLINE_FAULT.caught(t);
            return returned;
        }
    }

    /** On entry to ClientCallImpl.closeObserver(listener, status, trailers): the call ends, once. */
    public static Object closed(Object call, Object status) {
        try {
            Call c = OPEN.remove(new Identity(call));
            if (c == null || status == null) {
                return null;
            }
            Api a = API.get(call.getClass());
            if (a != null && ((Enum<?>) (Object) a.code.invokeExact(status)).name().equals("DEADLINE_EXCEEDED")) {
                Deadlines.exceeded(CLIENT, c.kind, c.target, -1, c.timeoutNanos, System.nanoTime() - c.start, c.injected);
            }
        } catch (Throwable t) {
            GRPC_CLOSED_FAULT.caught(t);
        }
        return null;
    }
}
