package dev.punctual.agent.timers;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.timers.NettyWheelProbe;
import dev.punctual.bootstrap.timers.TimerLag;

import java.util.List;

/**
 * Wake-up lag of Netty's HashedWheelTimer timeouts, in io.netty and in every shaded copy: a timeout's
 * run() calls the application's TimerTask (Netty 4.1 and 4.2 alike), and the timeout holds its timer,
 * its task and its deadline.
 */
public final class NettyWheelInstrumentation implements TypeInstrumentation {
    @Override
    public String name() {
        return "timers: Netty HashedWheelTimer";
    }

    @Override
    public String typeName() {
        return "io.netty.util.HashedWheelTimer$HashedWheelTimeout";
    }

    @Override
    public boolean alsoShaded() {
        return true;
    }

    /** Checked where each copy loads, from its own bytes: a copy without these fields is left alone. */
    @Override
    public String unsupportedReason() {
        return null;
    }

    @Override
    public List<Hook> hooks() {
        return List.of(Hook.enterExit("run", "()V",
                List.of(Load.self(), Load.referenceField("timer"), Load.field("deadline", "J"), Load.referenceField("task")),
                NettyWheelProbe.class, "beforeRun", "(Ljava/lang/Object;Ljava/lang/Object;JLjava/lang/Object;)Ljava/lang/Object;",
                TimerLag.class, "end"));
    }
}
