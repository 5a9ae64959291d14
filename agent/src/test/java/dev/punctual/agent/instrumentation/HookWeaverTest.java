package dev.punctual.agent.instrumentation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of hook woven into a real class, {@link WeavingTarget}, which is then loaded from a loader of
 * its own (and so verified) and run. Public: the woven class calls its probes from that other loader.
 */
public class HookWeaverTest {
    /** What the woven code passed to the probes, in order. */
    static final List<Object> SEEN = new ArrayList<>();

    public static Object nickname(Object result, Object receiver) {
        SEEN.add(receiver.getClass().getSimpleName());
        return Optional.of("woven");
    }

    public static Object renamed(Object result, Object receiver) {
        SEEN.add(result);
        return " woven ";
    }

    public static Object shout(Object returned) {
        return ((String) returned).toUpperCase();
    }

    public static Object enter(Object self) {
        return "entered";
    }

    public static void exit(Object entered) {
        SEEN.add("exit " + entered);
    }

    public static void failed(Object entered, Throwable failure) {
        SEEN.add("failed " + entered + " " + failure.getMessage());
    }

    private static Class<?> woven(Hook... hooks) throws IOException, ClassNotFoundException {
        String resource = WeavingTarget.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = HookWeaverTest.class.getClassLoader().getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        byte[] out = HookWeaver.weave(bytes, List.of(hooks));
        ClassLoader loader = new ClassLoader(HookWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(WeavingTarget.class.getName())) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, out, 0, out.length);
                }
                return super.loadClass(name, resolve);
            }
        };
        return loader.loadClass(WeavingTarget.class.getName());
    }

    private static final String TARGET = WeavingTarget.class.getName().replace('.', '/');

    @Test
    void replaceCallResultSwapsWhatACallReturnsAndSeesItsReceiver() throws Exception {
        SEEN.clear();
        Class<?> c = woven(Hook.replaceCallResult("greet", "()Ljava/lang/String;", TARGET, "nickname",
                "()Ljava/util/Optional;", HookWeaverTest.class, "nickname"));
        Object target = c.getConstructor().newInstance();
        assertEquals("hi woven", c.getMethod("greet").invoke(target));
        assertEquals(List.of("WeavingTarget"), SEEN);
    }

    @Test
    void replaceCallResultWorksInAConstructor() throws Exception {
        SEEN.clear();
        Class<?> c = woven(Hook.replaceCallResult("<init>", "(Ljava/util/Optional;)V", "java/util/Optional", "get",
                "()Ljava/lang/Object;", HookWeaverTest.class, "renamed"));
        Object target = c.getConstructor(Optional.class).newInstance(Optional.of(" ann "));
        assertEquals("hi woven", c.getMethod("greet").invoke(target));
        assertEquals(List.of(" ann "), SEEN);
    }

    @Test
    void replaceReturnSwapsTheReturnedObject() throws Exception {
        Class<?> c = woven(Hook.replaceReturn("plain", "()Ljava/lang/String;", List.of(), HookWeaverTest.class, "shout",
                "(Ljava/lang/Object;)Ljava/lang/Object;"));
        assertEquals("PLAIN", c.getMethod("plain").invoke(c.getConstructor().newInstance()));
    }

    @Test
    void replaceReturnWorksInAStaticMethodWhenItLoadsNothing() throws Exception {
        Class<?> c = woven(Hook.replaceReturn("shared", "()Ljava/lang/String;", List.of(), HookWeaverTest.class, "shout",
                "(Ljava/lang/Object;)Ljava/lang/Object;"));
        assertEquals("SHARED", c.getMethod("shared").invoke(null));
    }

    @Test
    void aHookThatLoadsThisIsRefusedInAStaticMethod() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> woven(
                Hook.replaceReturn("shared", "()Ljava/lang/String;", List.of(Hook.Load.self()), HookWeaverTest.class, "shout",
                        "(Ljava/lang/Object;)Ljava/lang/Object;")));
        assertEquals("its method shared()Ljava/lang/String; is static, and a hook there can neither load values nor keep one",
                e.getMessage());
    }

    @Test
    void aFailureProbeSeesTheExceptionWhichThenGoesOn() throws Exception {
        SEEN.clear();
        Class<?> c = woven(Hook.enterExit("fails", "()Ljava/lang/String;", List.of(Hook.Load.self()), HookWeaverTest.class,
                "enter", "(Ljava/lang/Object;)Ljava/lang/Object;", HookWeaverTest.class, "exit").withFailureProbe("failed"),
                Hook.enterExit("plain", "()Ljava/lang/String;", List.of(Hook.Load.self()), HookWeaverTest.class,
                        "enter", "(Ljava/lang/Object;)Ljava/lang/Object;", HookWeaverTest.class, "exit").withFailureProbe("failed"));
        Object target = c.getConstructor().newInstance();
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> c.getMethod("fails").invoke(target));
        assertTrue(e.getCause() instanceof IOException);
        assertEquals("plain", c.getMethod("plain").invoke(target));
        assertEquals(List.of("failed entered timed out", "exit entered"), SEEN);
    }

    @Test
    void anEntryOnlyHookCallsNothingOnTheWayOutButItsFailureProbe() throws Exception {
        SEEN.clear();
        Class<?> c = woven(Hook.enter("fails", "()Ljava/lang/String;", List.of(Hook.Load.self()), HookWeaverTest.class,
                "enter", "(Ljava/lang/Object;)Ljava/lang/Object;").withFailureProbe("failed"),
                Hook.enter("plain", "()Ljava/lang/String;", List.of(Hook.Load.self()), HookWeaverTest.class,
                        "enter", "(Ljava/lang/Object;)Ljava/lang/Object;"));
        Object target = c.getConstructor().newInstance();
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> c.getMethod("fails").invoke(target));
        assertTrue(e.getCause() instanceof IOException);
        assertEquals("plain", c.getMethod("plain").invoke(target));
        assertEquals(List.of("failed entered timed out"), SEEN);
    }

    @Test
    void aClassWithoutAHookedMethodIsNotWovenAtAll() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> woven(
                Hook.replaceReturn("plain", "()Ljava/lang/String;", List.of(), HookWeaverTest.class, "shout",
                        "(Ljava/lang/Object;)Ljava/lang/Object;"),
                Hook.replaceReturn("gone", "()Ljava/lang/String;", List.of(), HookWeaverTest.class, "shout",
                        "(Ljava/lang/Object;)Ljava/lang/Object;")));
        assertEquals("it has no method gone()Ljava/lang/String;", e.getMessage());
    }

    @Test
    void theOriginalClassIsUntouched() {
        assertSame(Optional.empty(), new WeavingTarget().nickname());
    }
}
