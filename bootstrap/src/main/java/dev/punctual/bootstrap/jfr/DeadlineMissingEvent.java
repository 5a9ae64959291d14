package dev.punctual.bootstrap.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name(DeadlineMissingEvent.NAME)
@Label("Deadline Missing")
@Description("A call without a timeout, reported only (observe mode): enforce would give it the timeout shown.")
public final class DeadlineMissingEvent extends DeadlineEvent {
    public static final String NAME = "punctual.DeadlineMissing";
}
