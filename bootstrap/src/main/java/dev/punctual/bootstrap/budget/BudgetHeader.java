package dev.punctual.bootstrap.budget;

/**
 * The HTTP header that carries a caller's remaining time (punctual.budget.http-header): a number of
 * milliseconds, as Envoy's x-envoy-expected-rq-timeout-ms and most X-Request-Timeout conventions write it.
 */
public final class BudgetHeader {
    private static final long MAX_MILLIS = 365L * 24 * 3600 * 1000;

    private BudgetHeader() {
    }

    /** What an outbound call carries: the budget left for it, reserve taken, in whole milliseconds. */
    public static String value(Budget budget) {
        long left = budget.remainingNanos() - Budgets.reserveNanos();
        return Long.toString(Math.max(0, left / 1_000_000L));
    }

    /**
     * An inbound request's value of the header: opens a scope with that budget (see {@link Budgets#enter}).
     * A value that is not a number of milliseconds opens none.
     */
    public static Object enter(String value) {
        long nanos = nanos(value);
        return nanos < 0 ? null : Budgets.enter(nanos, Budgets.header());
    }

    /** @return the value in ns, or -1 when it is not a number of milliseconds (digits, maybe a fraction) */
    static long nanos(String value) {
        if (value == null) {
            return -1;
        }
        String v = value.strip();
        int dot = v.indexOf('.');
        String whole = dot < 0 ? v : v.substring(0, dot);
        String fraction = dot < 0 ? "" : v.substring(dot + 1);
        if (whole.isEmpty() || whole.length() > 12 || !digits(whole) || !digits(fraction)) {
            return -1;
        }
        long millis = Long.parseLong(whole);
        if (millis > MAX_MILLIS) {
            return -1;
        }
        long nanos = millis * 1_000_000L;
        for (int i = 0, scale = 100_000; i < fraction.length() && scale > 0; i++, scale /= 10) {
            nanos += (fraction.charAt(i) - '0') * (long) scale;
        }
        return nanos;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
