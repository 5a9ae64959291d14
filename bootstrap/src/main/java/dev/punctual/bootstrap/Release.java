package dev.punctual.bootstrap;

import dev.punctual.bootstrap.budget.Budgets;
import dev.punctual.bootstrap.clock.ClockSteps;
import dev.punctual.bootstrap.deadlines.DeadlineSummaries;
import dev.punctual.bootstrap.deadlines.Deadlines;
import dev.punctual.bootstrap.grpc.GrpcDeadlines;
import dev.punctual.bootstrap.http.HttpClientDeadlines;
import dev.punctual.bootstrap.http.UrlConnectionDeadlines;
import dev.punctual.bootstrap.status.StatusOnDemand;
import dev.punctual.bootstrap.timers.LagSummaries;

/**
 * Detach's half in the boot loader: these classes stay loaded for good, so they must stop every thread
 * they started and drop every table they fill, leaving nothing that grows or runs.
 */
public final class Release {
    private Release() {
    }

    public static void all() {
        LagSummaries.stop();
        DeadlineSummaries.stop();
        ClockSteps.start(0);
        Deadlines.forget();
        GrpcDeadlines.forget();
        HttpClientDeadlines.forget();
        UrlConnectionDeadlines.forget();
        Budgets.forget();
        StatusOnDemand.forget();
    }
}
