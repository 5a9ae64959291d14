package dev.punctual.agent.grpc;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.grpc.GrpcDeadlines;

import java.util.List;

/**
 * Default deadlines for grpc-java client calls: every call is an
 * io.grpc.internal.ClientCallImpl, which asks effectiveDeadline() for its deadline as it starts, and
 * hands its final status to closeObserver. See {@link GrpcDeadlines}.
 */
public final class ClientCallInstrumentation implements TypeInstrumentation {
    @Override
    public String name() {
        return "grpc: client calls";
    }

    @Override
    public String typeName() {
        return "io.grpc.internal.ClientCallImpl";
    }

    /** An application's class, which may be loaded already: checked from its bytes as it is woven. */
    @Override
    public String unsupportedReason() {
        return null;
    }

    @Override
    public List<Hook> hooks() {
        return List.of(
                Hook.replaceReturn("effectiveDeadline", "()Lio/grpc/Deadline;", List.of(Load.self(), Load.referenceField("method")),
                        GrpcDeadlines.class, "effectiveDeadline",
                        "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"),
                Hook.enter("closeObserver", "(Lio/grpc/ClientCall$Listener;Lio/grpc/Status;Lio/grpc/Metadata;)V", List.of(Load.self(), Load.argument(2)), GrpcDeadlines.class,
                        "closed", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"));
    }
}
