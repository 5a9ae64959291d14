package dev.punctual.agent.timers;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.timers.NettyLoopProbe;
import dev.punctual.bootstrap.timers.TimerLag;

import java.util.List;

/** Wake-up lag of tasks scheduled on Netty event loops, in io.netty and in every shaded copy. */
public final class NettyLoopInstrumentation implements TypeInstrumentation {
    @Override
    public String name() {
        return "timers: Netty event loops";
    }

    @Override
    public String typeName() {
        return "io.netty.util.concurrent.ScheduledFutureTask";
    }

    @Override
    public boolean alsoShaded() {
        return true;
    }

    @Override
    public String unsupportedReason() {
        return null;
    }

    @Override
    public List<Hook> hooks() {
        return List.of(Hook.enterExit("run", "()V", List.of(Load.self()),
                NettyLoopProbe.class, "beforeRun", "(Ljava/lang/Object;)Ljava/lang/Object;", TimerLag.class, "end"));
    }
}
