package dev.punctual.bootstrap.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name(DeadlineInjectedEvent.NAME)
@Label("Deadline Injected")
@Description("A call without a timeout got Punctual's default (enforce mode).")
public final class DeadlineInjectedEvent extends DeadlineEvent {
    public static final String NAME = "punctual.DeadlineInjected";
}
