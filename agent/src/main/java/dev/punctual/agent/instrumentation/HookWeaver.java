package dev.punctual.agent.instrumentation;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weaves {@link Hook}s into a class file with plain ASM. It loads no class and computes no frame:
 * every stack map frame the class already has is extended with the hook's one new local, which is all
 * the verifier needs, so weaving a JDK class costs a few ASM classes and well under a millisecond.
 */
final class HookWeaver {
    private static final int API = Opcodes.ASM9;

    private HookWeaver() {
    }

    /** @return the woven class file, or null when none of the hooked methods is in it */
    static byte[] weave(byte[] classFile, List<Hook> hooks) {
        ClassReader reader = new ClassReader(classFile);
        Map<String, Hook> byMethod = new HashMap<>();
        for (Hook h : hooks) {
            byMethod.put(h.key(), h);
        }
        Map<String, Integer> maxLocals = maxLocals(reader, byMethod);
        if (maxLocals.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        String owner = reader.getClassName();
        reader.accept(new ClassVisitor(API, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                Hook hook = byMethod.get(name + descriptor);
                if (hook == null) {
                    return mv;
                }
                return hook.kind == Hook.Kind.ENTER_EXIT
                        ? new EnterExit(mv, owner, hook, maxLocals.get(name + descriptor))
                        : new OnLongReturn(mv, owner, hook);
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** The first free local slot of each hooked method: where the hook keeps its value. */
    private static Map<String, Integer> maxLocals(ClassReader reader, Map<String, Hook> hooks) {
        Map<String, Integer> out = new HashMap<>();
        reader.accept(new ClassVisitor(API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                String key = name + descriptor;
                if (!hooks.containsKey(key) || (access & Opcodes.ACC_STATIC) != 0) {
                    return null;
                }
                return new MethodVisitor(API) {
                    @Override
                    public void visitMaxs(int maxStack, int maxLocalsOfMethod) {
                        out.put(key, maxLocalsOfMethod);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return out;
    }

    private static void pushLoads(MethodVisitor mv, String owner, List<Hook.Load> loads) {
        for (Hook.Load load : loads) {
            mv.visitVarInsn(Opcodes.ALOAD, load.slot);
            if (load.field != null) {
                mv.visitFieldInsn(Opcodes.GETFIELD, owner, load.field, load.descriptor);
            }
        }
    }

    /** Entry probe; its result in a new local; the exit probe before every return and in a catch-all. */
    private static final class EnterExit extends MethodVisitor {
        private final String owner;
        private final Hook hook;
        private final int slot;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();
        private boolean entered;

        EnterExit(MethodVisitor mv, String owner, Hook hook, int slot) {
            super(API, mv);
            this.owner = owner;
            this.hook = hook;
            this.slot = slot;
        }

        /**
         * The entry code goes before the first instruction, and the catch-all is declared only then, after
         * the method's own try-catch blocks: it must come last, so that they keep catching what they catch.
         */
        private void enter() {
            if (entered) {
                return;
            }
            entered = true;
            pushLoads(mv, owner, hook.loads);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook.probeOwner, hook.probe, hook.probeDescriptor, false);
            mv.visitVarInsn(Opcodes.ASTORE, slot);
            mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            mv.visitLabel(start);
        }

        private void exit() {
            mv.visitVarInsn(Opcodes.ALOAD, slot);
            pushLoads(mv, owner, hook.exitLoads);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook.exitOwner, hook.exitProbe, hook.exitDescriptor, false);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            enter();
            // Expanded frames list every local: add the hook's, so the verifier knows it everywhere, up to
            // the catch-all handler, whose frame says nothing else.
            Object[] locals = withHookLocal(Arrays.copyOf(local, numLocal));
            super.visitFrame(type, locals.length, locals, numStack, stack);
        }

        @Override
        public void visitInsn(int opcode) {
            enter();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                exit();
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            enter();
            mv.visitLabel(end);
            mv.visitLabel(handler);
            // The handler knows only `this` (hooked methods are instance methods, not constructors, and
            // the exit probe may read it) and the hook's local.
            Object[] locals = withHookLocal(new Object[]{owner});
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[]{"java/lang/Throwable"});
            exit();
            mv.visitInsn(Opcodes.ATHROW);
            super.visitMaxs(maxStack, maxLocals);
        }

        /** {@code locals} (one entry per value, longs and doubles taking two slots) padded to the hook's slot, then the hook's local. */
        private Object[] withHookLocal(Object[] locals) {
            int slots = 0;
            for (Object l : locals) {
                slots += l == Opcodes.LONG || l == Opcodes.DOUBLE ? 2 : 1;
            }
            Object[] out = Arrays.copyOf(locals, locals.length + Math.max(0, slot - slots) + 1);
            Arrays.fill(out, locals.length, out.length - 1, Opcodes.TOP);
            out[out.length - 1] = "java/lang/Object";
            return out;
        }

        @Override
        public void visitLabel(Label label) {
            enter();
            super.visitLabel(label);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            enter();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            enter();
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            enter();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
            enter();
            super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
            enter();
            super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, org.objectweb.asm.Handle bootstrap, Object... arguments) {
            enter();
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            enter();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            enter();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            enter();
            super.visitIincInsn(varIndex, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            enter();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            enter();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            enter();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }
    }

    /** The probe before each {@code lreturn}, given a copy of the value returned. */
    private static final class OnLongReturn extends MethodVisitor {
        private final String owner;
        private final Hook hook;

        OnLongReturn(MethodVisitor mv, String owner, Hook hook) {
            super(API, mv);
            this.owner = owner;
            this.hook = hook;
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.LRETURN) {
                mv.visitInsn(Opcodes.DUP2);
                pushLoads(mv, owner, hook.loads);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook.probeOwner, hook.probe, hook.probeDescriptor, false);
            }
            super.visitInsn(opcode);
        }
    }
}
