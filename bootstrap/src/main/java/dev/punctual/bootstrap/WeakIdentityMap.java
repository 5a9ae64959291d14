package dev.punctual.bootstrap;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A side table for application objects: keys by identity (an HttpRequest's equals compares method, URI
 * and headers; two calls are two keys), held weakly so that an entry goes with its object, and bounded:
 * past {@code max} live entries, new ones are not kept. For the agent's slower paths (a connect, a
 * failed call), not for one that runs per scheduled task: it takes a lock.
 */
public final class WeakIdentityMap<V> {
    private final int max;
    private final Map<Key, V> map = new HashMap<>();
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    /** The entries' count as of the last change, readable without the lock. */
    private volatile int size;

    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object referent = get();
            return referent != null && other instanceof Key && ((Key) other).get() == referent;
        }
    }

    public WeakIdentityMap(int max) {
        this.max = max;
    }

    /** @return false when the table is full and the entry was not kept */
    public synchronized boolean put(Object key, V value) {
        expunge();
        Key k = new Key(key, cleared);
        if (map.size() >= max && !map.containsKey(k)) {
            return false;
        }
        map.put(k, value);
        size = map.size();
        return true;
    }

    public synchronized V get(Object key) {
        expunge();
        return map.get(new Key(key, null));
    }

    /** @return the value the key had, or null */
    public synchronized V remove(Object key) {
        expunge();
        V v = map.remove(new Key(key, null));
        size = map.size();
        return v;
    }

    public synchronized void clear() {
        map.clear();
        expunge();
        size = 0;
    }

    /**
     * Whether the table had no entry at its last change, read without the lock: a caller on a hot path
     * skips its lookup on an empty table, which costs it one volatile read.
     */
    public boolean isEmpty() {
        return size == 0;
    }

    private void expunge() {
        for (Reference<?> r; (r = cleared.poll()) != null; ) {
            map.remove(r);
        }
    }
}
