package dev.punctual.bootstrap;

/**
 * A place in the agent's code where a fault of its own is caught, kept in a static final field of the
 * class it is in. Its name is made when that class initializes, not in the catch block: a string literal
 * there is created the first time the block runs, and on a full heap that creation throws an
 * OutOfMemoryError past the catch, into the application's thread (a Timer or pool thread of the
 * application's, or one of the agent's, ended that way).
 */
public final class FaultSite {
    private final String where;

    public FaultSite(String where) {
        this.where = where;
    }

    /** Counts the fault and says it once; allocates nothing before Log's own guard, and never throws. */
    public void caught(Throwable t) {
        Log.fault(where, t);
    }
}
