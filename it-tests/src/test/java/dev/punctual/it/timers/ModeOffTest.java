package dev.punctual.it.timers;

import dev.punctual.it.apps.ScheduledWork;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * punctual.mode=off installs nothing at all: no bootstrap class, no weaving library, no transformer,
 * so no class can be transformed, and no event. The same run in enforce mode shows each of these, so
 * the checks can fail.
 */
class ModeOffTest {
    @Test
    void offLoadsNothingTransformsNothingAndRecordsNothing() throws Exception {
        Run off = run("mode-off", "mode=off");
        assertEquals("", off.result.stderr);
        assertTrue(off.agentClasses.stream().allMatch(c -> c.startsWith("dev.punctual.agent.")),
                "only the agent's entry and configuration classes load: " + off.agentClasses);
        assertTrue(off.agentClasses.stream().noneMatch(c -> c.startsWith("dev.punctual.agent.instrumentation")
                || c.startsWith("dev.punctual.agent.timers")), off.agentClasses.toString());
        assertEquals(0, off.recording.count("punctual."), "no punctual event");

        Run on = run("mode-enforce", "mode=enforce");
        assertTrue(on.agentClasses.stream().anyMatch(c -> c.startsWith("dev.punctual.bootstrap.")), on.agentClasses.toString());
        assertTrue(on.agentClasses.stream().anyMatch(c -> c.startsWith("dev.punctual.shaded.org.objectweb.asm.")), "weaving library loads");
        assertTrue(on.recording.count("punctual.TimerLag") > 0, "events in enforce mode");
        assertEquals(off.result.stdout, on.result.stdout);
    }

    record Run(Jvm.Result result, List<String> agentClasses, Recording recording) {
    }

    private static Run run(String name, String args) throws Exception {
        Path log = Jvm.file(name + ".classes");
        Path jfr = Jvm.file(name + ".jfr");
        Jvm.Result r = Jvm.named(name).agent(args).recording(jfr)
                .option("-Xlog:class+load=info:file=" + log)
                .main(ScheduledWork.class).run().assertExitCode(0);
        List<String> agentClasses = Files.readAllLines(log).stream()
                .map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\]\\s*", ""))
                .map(l -> l.split(" ")[0])
                .filter(c -> c.startsWith("dev.punctual.") && !c.startsWith("dev.punctual.it."))
                .collect(Collectors.toList());
        return new Run(r, agentClasses, Recording.read(jfr));
    }
}
