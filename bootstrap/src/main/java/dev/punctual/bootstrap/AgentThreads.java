package dev.punctual.bootstrap;

/**
 * Tells the agent's own threads from the application's, so that the agent neither measures nor alters
 * its own work. The agent names its threads punctual-...; the JDK code it uses names some threads
 * itself: the Timer and dispatcher of a com.sun.net.httpserver server, the selector thread of a
 * java.net.http.HttpClient. Those are started by an agent thread, and count as the agent's: one
 * generation only, so that a JVM-wide pool that such a thread happened to start is never mistaken for one.
 */
public final class AgentThreads {
    private static final String PREFIX = "punctual-";
    private static volatile boolean childrenMarked;
    private static final InheritableThreadLocal<Boolean> STARTED_BY_AGENT = new InheritableThreadLocal<>() {
        @Override
        protected Boolean childValue(Boolean parentValue) {
            return isNamedOwn(Thread.currentThread()); // evaluated on the parent, as it starts the child
        }
    };

    private AgentThreads() {
    }

    /**
     * Called on an agent thread before it builds a server or client whose library starts threads of its
     * own: those threads then count as the agent's.
     */
    public static void markChildren() {
        childrenMarked = true;
        STARTED_BY_AGENT.set(Boolean.TRUE);
    }

    public static boolean isAgentThread() {
        Thread t = Thread.currentThread();
        // The thread-local is read only once some agent thread marked its children: until then, which is
        // always without metrics, an application thread gets no entry in its inheritable map.
        return isNamedOwn(t) || (childrenMarked && Boolean.TRUE.equals(STARTED_BY_AGENT.get()));
    }

    private static boolean isNamedOwn(Thread t) {
        return t.getName().startsWith(PREFIX);
    }
}
