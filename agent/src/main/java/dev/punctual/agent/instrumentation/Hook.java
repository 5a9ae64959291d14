package dev.punctual.agent.instrumentation;

import org.objectweb.asm.Opcodes;

import java.util.List;

/**
 * Calls woven into one method: what a probe is given, and where it is called. Hooks only add calls to
 * method bodies, so they also apply to classes that were loaded before the agent came.
 */
public final class Hook {
    /** Where the probe is called. */
    enum Kind {
        /**
         * On entry, with {@link #loads}; its Object result is kept in a new local and passed to the exit
         * probe on every way out, a return or an exception (to the failure probe instead, with the
         * exception, when the hook has one).
         */
        ENTER_EXIT,
        /**
         * Before each return of a void method, constructors included, with {@link #loads}; the probe's
         * Object result is dropped.
         */
        ON_RETURN,
        /** Before each return, with the value returned (a long) followed by {@link #loads}. */
        ON_LONG_RETURN,
        /**
         * Before each return of an object, with the value returned followed by {@link #loads}; the method
         * returns what the probe returns (cast to the method's return type).
         */
        REPLACE_RETURN,
        /**
         * After each call to {@link #callOwner}.{@link #callName}, a no-argument instance method returning
         * an object: the probe gets the result and the receiver, and what it returns becomes the result.
         * It loads nothing of the method's own, so it may be woven into a constructor.
         */
        REPLACE_CALL_RESULT,
        /**
         * Around each call to {@link #call} inside the method: before it, the probe gets the value on top
         * of the stack (the call's receiver for a call without arguments, its argument for a call with
         * one reference argument) and the {@link #captures} (long locals the method stored); after it, the exit probe
         * gets the probe's result; if the call throws, the failure probe gets the result and the
         * throwable, which then goes on.
         */
        AROUND_CALL
    }

    /**
     * A long local a method stores right after a given instruction, e.g. the result of a clock read:
     * found by that instruction, not by slot number, so that a JDK which numbers its locals otherwise
     * is still read right, and one without the instruction is not woven at all.
     */
    public static final class Capture {
        final int opcode;
        final String owner;
        final String name;

        private Capture(int opcode, String owner, String name) {
            this.opcode = opcode;
            this.owner = owner;
            this.name = name;
        }

        /** The long an invokestatic owner.name returned and the method stored. */
        public static Capture resultOf(String owner, String name) {
            return new Capture(Opcodes.INVOKESTATIC, owner, name);
        }

        /** The long a getfield owner.name read and the method stored. */
        public static Capture field(String owner, String name) {
            return new Capture(Opcodes.GETFIELD, owner, name);
        }
    }

    /** A value pushed for the probe: {@code this}, a field of {@code this}, or an object argument. */
    public static final class Load {
        final int slot;
        final String field;
        final String descriptor;

        private Load(int slot, String field, String descriptor) {
            this.slot = slot;
            this.field = field;
            this.descriptor = descriptor;
        }

        public static Load self() {
            return new Load(0, null, null);
        }

        public static Load field(String name, String descriptor) {
            return new Load(0, name, descriptor);
        }

        /**
         * A reference field of {@code this}, whatever class it is declared as (a shaded copy of a library
         * names its own classes): the probe receives an Object.
         */
        public static Load referenceField(String name) {
            return new Load(0, name, null);
        }

        /** @param slot the argument's local slot: 1 for the first argument of an instance method */
        public static Load argument(int slot) {
            return new Load(slot, null, null);
        }
    }

    final Kind kind;
    final String method;
    final String methodDescriptor;
    final List<Load> loads;
    final String probeOwner;
    final String probe;
    final String probeDescriptor;
    final String exitOwner;
    final String exitProbe;
    final String exitDescriptor;
    final List<Load> exitLoads;
    /** For {@link Kind#AROUND_CALL}: the call, as owner, name and descriptor; what to capture; the failure probe. */
    String callOwner;
    String callName;
    String callDescriptor;
    List<Capture> captures = List.of();
    String failureProbe;

    private Hook(Kind kind, String method, String methodDescriptor, List<Load> loads, String probeOwner,
                 String probe, String probeDescriptor, String exitOwner, String exitProbe, String exitDescriptor,
                 List<Load> exitLoads) {
        this.kind = kind;
        this.method = method;
        this.methodDescriptor = methodDescriptor;
        this.loads = loads;
        this.probeOwner = probeOwner;
        this.probe = probe;
        this.probeDescriptor = probeDescriptor;
        this.exitOwner = exitOwner;
        this.exitProbe = exitProbe;
        this.exitDescriptor = exitDescriptor;
        this.exitLoads = exitLoads;
    }

    /**
     * @param probe     a static method {@code probeOwner.probe(loads...)} returning Object
     * @param exitProbe a static method {@code exitOwner.exitProbe(Object)}, given the entry probe's result;
     *                  it must accept null and never throw
     */
    public static Hook enterExit(String method, String methodDescriptor, List<Load> loads, Class<?> probeOwner,
                                 String probe, String probeDescriptor, Class<?> exitOwner, String exitProbe) {
        return enterExit(method, methodDescriptor, loads, probeOwner, probe, probeDescriptor, exitOwner, exitProbe, List.of());
    }

    /**
     * As above, the exit probe taking the entry probe's result followed by {@code exitLoads}, all as
     * Objects: {@code exitOwner.exitProbe(Object, Object...)}.
     */
    public static Hook enterExit(String method, String methodDescriptor, List<Load> loads, Class<?> probeOwner,
                                 String probe, String probeDescriptor, Class<?> exitOwner, String exitProbe,
                                 List<Load> exitLoads) {
        String exitDescriptor = "(" + "Ljava/lang/Object;".repeat(1 + exitLoads.size()) + ")V";
        return new Hook(Kind.ENTER_EXIT, method, methodDescriptor, loads, internalName(probeOwner), probe, probeDescriptor,
                internalName(exitOwner), exitProbe, exitDescriptor, exitLoads);
    }

    /**
     * A probe on entry only (its Object result goes to a failure probe, if the hook is given one with
     * {@link #withFailureProbe}, which is then looked up on {@code probeOwner}).
     */
    public static Hook enter(String method, String methodDescriptor, List<Load> loads, Class<?> probeOwner, String probe,
                             String probeDescriptor) {
        String owner = internalName(probeOwner);
        return new Hook(Kind.ENTER_EXIT, method, methodDescriptor, loads, owner, probe, probeDescriptor, owner, null, null,
                List.of());
    }

    /**
     * @param probe a static method {@code probeOwner.probe(loads...)} returning Object, called as a void
     *              method or constructor returns (a constructor's {@code this} may be loaded then)
     */
    public static Hook onReturn(String method, String methodDescriptor, List<Load> loads, Class<?> probeOwner,
                                String probe, String probeDescriptor) {
        return new Hook(Kind.ON_RETURN, method, methodDescriptor, loads, internalName(probeOwner), probe, probeDescriptor,
                null, null, null, List.of());
    }

    /** @param probe a static void method {@code probeOwner.probe(long returned, loads...)} */
    public static Hook onLongReturn(String method, String methodDescriptor, List<Load> loads, Class<?> probeOwner,
                                    String probe, String probeDescriptor) {
        return new Hook(Kind.ON_LONG_RETURN, method, methodDescriptor, loads, internalName(probeOwner), probe, probeDescriptor,
                null, null, null, List.of());
    }

    /**
     * @param probe        a static method {@code probeOwner.probe(Object receiverOrArgument, long capture...)} returning
     *                     Object: given the receiver of a call without arguments, the argument of a call with one
     * @param exitProbe    a static method {@code probeOwner.exitProbe(Object)}, given the probe's result
     * @param failureProbe a static method {@code probeOwner.failureProbe(Object, Throwable)}; the throwable is rethrown
     */
    public static Hook aroundCall(String method, String methodDescriptor, String callOwner, String callName,
                                  String callDescriptor, List<Capture> captures, Class<?> probeOwner, String probe,
                                  String exitProbe, String failureProbe) {
        String owner = internalName(probeOwner);
        String probeDescriptor = "(Ljava/lang/Object;" + "J".repeat(captures.size()) + ")Ljava/lang/Object;";
        Hook h = new Hook(Kind.AROUND_CALL, method, methodDescriptor, List.of(), owner, probe, probeDescriptor,
                owner, exitProbe, "(Ljava/lang/Object;)V", List.of());
        h.callOwner = callOwner;
        h.callName = callName;
        h.callDescriptor = callDescriptor;
        h.captures = captures;
        h.failureProbe = failureProbe;
        return h;
    }

    /**
     * This ENTER_EXIT hook, calling {@code exitOwner.failureProbe(Object, Throwable)} instead of the exit
     * probe when the method throws (given the entry probe's result and the throwable, which then goes on).
     */
    public Hook withFailureProbe(String failureProbe) {
        Hook h = withLoads(loads, exitLoads);
        h.failureProbe = failureProbe;
        return h;
    }

    /**
     * @param probe a static method {@code probeOwner.probe(Object returned, loads...)} returning Object, an
     *              instance of the method's return type: the value returned, or one to return instead
     */
    public static Hook replaceReturn(String method, String methodDescriptor, List<Load> loads, Class<?> probeOwner,
                                     String probe, String probeDescriptor) {
        return new Hook(Kind.REPLACE_RETURN, method, methodDescriptor, loads, internalName(probeOwner), probe,
                probeDescriptor, null, null, null, List.of());
    }

    /**
     * @param probe a static method {@code probeOwner.probe(Object result, Object receiver)} returning Object,
     *              an instance of the call's return type
     */
    public static Hook replaceCallResult(String method, String methodDescriptor, String callOwner, String callName,
                                         String callDescriptor, Class<?> probeOwner, String probe) {
        Hook h = new Hook(Kind.REPLACE_CALL_RESULT, method, methodDescriptor, List.of(), internalName(probeOwner), probe,
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", null, null, null, List.of());
        h.callOwner = callOwner;
        h.callName = callName;
        h.callDescriptor = callDescriptor;
        return h;
    }

    /** This hook with its field loads typed as the class at hand declares them. */
    Hook withLoads(List<Load> resolvedLoads, List<Load> resolvedExitLoads) {
        Hook h = new Hook(kind, method, methodDescriptor, resolvedLoads, probeOwner, probe, probeDescriptor, exitOwner,
                exitProbe, exitDescriptor, resolvedExitLoads);
        h.callOwner = callOwner;
        h.callName = callName;
        h.callDescriptor = callDescriptor;
        h.captures = captures;
        h.failureProbe = failureProbe;
        return h;
    }

    static String internalName(Class<?> c) {
        return c.getName().replace('.', '/');
    }

    String key() {
        return method + methodDescriptor;
    }
}
