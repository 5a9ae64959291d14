package dev.punctual.bootstrap.timers;

/**
 * The log-linear bucket layout of every lag histogram: exact below 64 ns, then 32 buckets per power of
 * two up to 2^36 ns (about 69 s). A bucket reported by its midpoint is within 1.6% of any value in it,
 * which is far inside what an operator can act on, and 1024 buckets keep a recorder at 8 KiB.
 * Values past the range land in the last bucket; the exact maximum is kept beside the counts.
 */
final class Buckets {
    static final int SUB_BITS = 5;
    static final int LINEAR = 2 << SUB_BITS; // 64: below this a bucket holds one value
    static final int COUNT = 1024;

    private Buckets() {
    }

    static int index(long value) {
        if (value < LINEAR) {
            return value <= 0 ? 0 : (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS;
        long index = ((long) shift << SUB_BITS) + (value >>> shift);
        return index < COUNT ? (int) index : COUNT - 1;
    }

    static long lowest(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = (index >>> SUB_BITS) - 1;
        return (long) (index - (shift << SUB_BITS)) << shift;
    }

    static long width(int index) {
        return index < LINEAR ? 1 : 1L << ((index >>> SUB_BITS) - 1);
    }

    static long midpoint(int index) {
        return lowest(index) + (width(index) - 1) / 2;
    }
}
