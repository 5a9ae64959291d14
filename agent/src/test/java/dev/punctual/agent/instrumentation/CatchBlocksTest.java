package dev.punctual.agent.instrumentation;

import dev.punctual.bootstrap.FaultSite;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap classes run on the application's threads, and their catch blocks are what keeps a fault
 * of theirs there. A catch block's first run creates the string constants it names, and string
 * concatenation links and allocates: on a full heap either throws a new OutOfMemoryError out of the
 * catch block, into the application. So no catch block for Throwable may make a string before it hands
 * the fault on (to a {@link FaultSite}, which allocates nothing before its own guard).
 */
class CatchBlocksTest {

    @Test
    void noCatchBlockForThrowableMakesAStringBeforeHandingTheFaultOn() throws IOException {
        // The bootstrap jar in a build, its classes directory in an IDE.
        Path location = Path.of(FaultSite.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> found = new ArrayList<>();
        int handlers;
        try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location);
             Stream<Path> files = Files.walk(jar == null ? location : jar.getPath("/"))) {
            handlers = files.filter(f -> f.toString().endsWith(".class")).mapToInt(f -> check(f, found)).sum();
        }
        assertEquals(List.of(), found);
        assertTrue(handlers > 30, "catch blocks for Throwable checked: " + handlers);
    }

    /** @return how many catch blocks for Throwable the class has */
    private static int check(Path classFile, List<String> found) {
        int[] handlers = {0};
        try {
            new ClassReader(Files.readAllBytes(classFile)).accept(new ClassVisitor(Opcodes.ASM9) {
                String owner;

                @Override
                public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                    owner = name;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    return new HandlerScanner(owner + "." + name, found, handlers);
                }
            }, 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return handlers[0];
    }

    /** Follows each catch block for Throwable from its start to the first call, jump or return. */
    private static final class HandlerScanner extends MethodVisitor {
        private final String method;
        private final List<String> found;
        private final int[] handlers;
        private final Set<Label> throwableHandlers = new HashSet<>();
        private boolean inHandler;

        HandlerScanner(String method, List<String> found, int[] handlers) {
            super(Opcodes.ASM9);
            this.method = method;
            this.found = found;
            this.handlers = handlers;
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            if ("java/lang/Throwable".equals(type) && throwableHandlers.add(handler)) {
                handlers[0]++;
            }
        }

        @Override
        public void visitLabel(Label label) {
            inHandler |= throwableHandlers.contains(label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (inHandler && value instanceof String) {
                found.add(method + ": the string \"" + value + "\"");
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            if (inHandler) {
                found.add(method + ": " + bootstrap.getOwner() + "." + bootstrap.getName());
            }
            inHandler = false;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            inHandler = false;
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            inHandler = false;
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ATHROW || (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN)) {
                inHandler = false;
            }
        }
    }
}
