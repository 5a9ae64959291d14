package dev.punctual.bootstrap;

/**
 * A {@link WeakIdentityMap} split into 16 tables by the key's identity hash, each with its own lock: for
 * side tables that every call or task of the application touches, on many threads at once, where one
 * lock would make them wait on each other. Bounded to {@code max} entries in all.
 */
public final class StripedWeakIdentityMap<V> {
    private static final int STRIPES = 16;
    private final WeakIdentityMap<V>[] stripes;

    @SuppressWarnings("unchecked")
    public StripedWeakIdentityMap(int max) {
        stripes = new WeakIdentityMap[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new WeakIdentityMap<>(Math.max(1, max / STRIPES));
        }
    }

    /** @return false when the key's table is full and the entry was not kept */
    public boolean put(Object key, V value) {
        return stripe(key).put(key, value);
    }

    public V get(Object key) {
        return stripe(key).get(key);
    }

    /** @return the value the key had, or null; takes no lock when the key's table was empty */
    public V remove(Object key) {
        WeakIdentityMap<V> table = stripe(key);
        return table.isEmpty() ? null : table.remove(key);
    }

    public void clear() {
        for (WeakIdentityMap<V> t : stripes) {
            t.clear();
        }
    }

    private WeakIdentityMap<V> stripe(Object key) {
        return stripes[System.identityHashCode(key) & (STRIPES - 1)];
    }
}
