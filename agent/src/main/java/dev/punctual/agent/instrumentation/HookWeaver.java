package dev.punctual.agent.instrumentation;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weaves {@link Hook}s into a class file with plain ASM. It loads no class and computes no frame:
 * every stack map frame the class already has is extended with the hook's one new local, which is all
 * the verifier needs, so weaving a JDK class costs a few ASM classes and well under a millisecond.
 */
final class HookWeaver {
    private static final int API = Opcodes.ASM9;

    private HookWeaver() {
    }

    /**
     * @return the woven class file
     * @throws IllegalStateException when a hooked method or a field a hook reads is not declared by the
     *                               class: weaving it would make the class fail verification where it is
     *                               loaded, or measure only part of what the hooks are for
     */
    static byte[] weave(byte[] classFile, List<Hook> hooks) {
        ClassReader reader = new ClassReader(classFile);
        Map<String, List<Hook>> byMethod = new HashMap<>();
        for (Hook h : hooks) {
            // No lambda: the first one in a JVM costs milliseconds, and this runs as classes load.
            List<Hook> onMethod = byMethod.get(h.key());
            if (onMethod == null) {
                onMethod = new ArrayList<>();
                byMethod.put(h.key(), onMethod);
            }
            onMethod.add(h);
        }
        Map<String, String> fields = new HashMap<>();
        Set<String> staticUnfit = new HashSet<>();
        Map<String, Integer> maxLocals = maxLocals(reader, byMethod, fields, staticUnfit);
        for (Hook h : hooks) {
            if (!maxLocals.containsKey(h.key())) {
                // Another version of the class than the hooks were written for: weave none of it.
                throw new IllegalStateException(staticUnfit.contains(h.key())
                        ? "its method " + h.key() + " is static, and a hook there can neither load values nor keep one"
                        : "it has no method " + h.key());
            }
        }
        for (List<Hook> onMethod : byMethod.values()) {
            int withLocal = 0;
            for (int i = 0; i < onMethod.size(); i++) {
                Hook h = onMethod.get(i);
                onMethod.set(i, h.withLoads(resolveFields(h.loads, fields), resolveFields(h.exitLoads, fields)));
                withLocal += h.kind == Hook.Kind.ENTER_EXIT || h.kind == Hook.Kind.AROUND_CALL ? 1 : 0;
            }
            if (withLocal > 1) {
                throw new IllegalStateException("two hooks keep a local in " + onMethod.get(0).key());
            }
        }
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        String owner = reader.getClassName();
        reader.accept(new ClassVisitor(API, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                List<Hook> onMethod = byMethod.get(name + descriptor);
                if (onMethod == null) {
                    return mv;
                }
                for (Hook hook : onMethod) {
                    mv = weaver(mv, owner, hook, maxLocals.get(name + descriptor), descriptor);
                }
                return mv;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    private static MethodVisitor weaver(MethodVisitor mv, String owner, Hook hook, int maxLocals, String descriptor) {
        switch (hook.kind) {
            case ENTER_EXIT:
                return new EnterExit(mv, owner, hook, maxLocals);
            case AROUND_CALL:
                return new AroundCall(mv, owner, hook, maxLocals);
            case REPLACE_RETURN:
                return new AtReturn(mv, owner, hook, Opcodes.ARETURN, Type.getReturnType(descriptor).getInternalName());
            case REPLACE_CALL_RESULT:
                return new ReplaceCallResult(mv, hook);
            case ON_RETURN:
                return new AtReturn(mv, owner, hook, Opcodes.RETURN, null);
            default:
                return new AtReturn(mv, owner, hook, Opcodes.LRETURN, null);
        }
    }

    /** Checks each field load against the class's own fields, and fills in a reference field's type. */
    private static List<Hook.Load> resolveFields(List<Hook.Load> loads, Map<String, String> fields) {
        List<Hook.Load> out = new java.util.ArrayList<>(loads);
        for (int i = 0; i < out.size(); i++) {
            Hook.Load load = out.get(i);
            if (load.field == null) {
                continue;
            }
            String declared = fields.get(load.field);
            boolean fits = declared != null && (load.descriptor == null
                    ? declared.startsWith("L") || declared.startsWith("[")
                    : declared.equals(load.descriptor));
            if (!fits) {
                throw new IllegalStateException("it has no field " + load.field + " of the expected type");
            }
            if (load.descriptor == null) {
                out.set(i, Hook.Load.field(load.field, declared));
            }
        }
        return out;
    }

    /**
     * The first free local slot of each hooked method (where the hook keeps its value), and every field
     * the class declares, by name, with its descriptor.
     */
    private static Map<String, Integer> maxLocals(ClassReader reader, Map<String, List<Hook>> hooks, Map<String, String> fields,
                                                  Set<String> staticUnfit) {
        Map<String, Integer> out = new HashMap<>();
        reader.accept(new ClassVisitor(API) {
            @Override
            public org.objectweb.asm.FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                fields.put(name, descriptor);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                String key = name + descriptor;
                List<Hook> onMethod = hooks.get(key);
                if (onMethod == null) {
                    return null;
                }
                if ((access & Opcodes.ACC_STATIC) != 0 && !fitStatic(onMethod)) {
                    staticUnfit.add(key);
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

    /**
     * A static method has no {@code this} and its arguments start at slot 0: only hooks that load nothing
     * and keep no local of their own go in one.
     */
    private static boolean fitStatic(List<Hook> hooks) {
        for (Hook h : hooks) {
            if (!h.loads.isEmpty() || !h.exitLoads.isEmpty() || h.kind == Hook.Kind.ENTER_EXIT
                    || h.kind == Hook.Kind.AROUND_CALL || h.kind == Hook.Kind.REPLACE_CALL_RESULT) {
                return false;
            }
        }
        return true;
    }

    private static void pushLoads(MethodVisitor mv, String owner, List<Hook.Load> loads) {
        for (Hook.Load load : loads) {
            mv.visitVarInsn(Opcodes.ALOAD, load.slot);
            if (load.field != null) {
                mv.visitFieldInsn(Opcodes.GETFIELD, owner, load.field, load.descriptor);
            }
        }
    }

    /**
     * A hook that keeps values in new locals of its own (an Object at {@link #slot}, then {@link #longs}
     * longs), and has one handler of its own: the entry code goes before the first instruction (after the
     * method's own try-catch blocks, so that a handler declared later comes last in the table and the
     * method's handlers keep catching what they catch); every frame gets the locals, which the entry code
     * therefore sets; the handler code goes after the last instruction.
     */
    private abstract static class WithHookLocal extends MethodVisitor {
        final String owner;
        final Hook hook;
        final int slot;
        final int longs;
        final Label handler = new Label();
        private boolean entered;

        WithHookLocal(MethodVisitor mv, String owner, Hook hook, int slot, int longs) {
            super(API, mv);
            this.owner = owner;
            this.hook = hook;
            this.slot = slot;
            this.longs = longs;
        }

        /** The slot of the hook's i-th long local. */
        final int longSlot(int i) {
            return slot + 1 + 2 * i;
        }

        /** Emits the entry code, which must set the Object at {@link #slot} and every long. */
        abstract void onEnter();

        /** Emits the handler's code, which must leave the throwable on the stack: it is rethrown. */
        abstract void onHandler();

        final void enter() {
            if (!entered) {
                entered = true;
                onEnter();
            }
        }

        /** With the throwable on the stack, calls {@code failureProbe(hook's local, throwable)}, leaving it there. */
        final void callFailure() {
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ALOAD, slot);
            mv.visitInsn(Opcodes.SWAP);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook.exitOwner, hook.failureProbe,
                    "(Ljava/lang/Object;Ljava/lang/Throwable;)V", false);
        }

        final void callExit() {
            mv.visitVarInsn(Opcodes.ALOAD, slot);
            pushLoads(mv, owner, hook.exitLoads);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook.exitOwner, hook.exitProbe, hook.exitDescriptor, false);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            enter();
            // Expanded frames list every local: add the hook's, so the verifier knows it everywhere.
            Object[] locals = withHookLocal(Arrays.copyOf(local, numLocal));
            super.visitFrame(type, locals.length, locals, numStack, stack);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            enter();
            mv.visitLabel(handler);
            // The handler knows only `this` (hooked methods are instance methods, not constructors, and
            // an exit probe may read it) and the hook's local.
            Object[] locals = withHookLocal(new Object[]{owner});
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[]{"java/lang/Throwable"});
            onHandler();
            mv.visitInsn(Opcodes.ATHROW);
            super.visitMaxs(maxStack, maxLocals);
        }

        /**
         * {@code locals} (one entry per value, longs and doubles taking two slots) padded to the hook's
         * slot, then the hook's locals.
         */
        private Object[] withHookLocal(Object[] locals) {
            int slots = 0;
            for (Object l : locals) {
                slots += l == Opcodes.LONG || l == Opcodes.DOUBLE ? 2 : 1;
            }
            int padding = Math.max(0, slot - slots);
            Object[] out = Arrays.copyOf(locals, locals.length + padding + 1 + longs);
            Arrays.fill(out, locals.length, locals.length + padding, Opcodes.TOP);
            out[locals.length + padding] = "java/lang/Object";
            Arrays.fill(out, locals.length + padding + 1, out.length, Opcodes.LONG);
            return out;
        }

        @Override
        public void visitLabel(Label label) {
            enter();
            super.visitLabel(label);
        }

        @Override
        public void visitInsn(int opcode) {
            enter();
            super.visitInsn(opcode);
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
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
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

    /** Entry probe; its result in the hook's local; the exit probe before every return and in a catch-all. */
    private static final class EnterExit extends WithHookLocal {
        private final Label start = new Label();
        private final Label end = new Label();

        EnterExit(MethodVisitor mv, String owner, Hook hook, int slot) {
            super(mv, owner, hook, slot, 0);
        }

        @Override
        void onEnter() {
            pushLoads(mv, owner, hook.loads);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook.probeOwner, hook.probe, hook.probeDescriptor, false);
            mv.visitVarInsn(Opcodes.ASTORE, slot);
            mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            mv.visitLabel(start);
        }

        @Override
        public void visitInsn(int opcode) {
            enter();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN && hook.exitProbe != null) {
                callExit();
            }
            mv.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            enter();
            mv.visitLabel(end);
            super.visitMaxs(maxStack, maxLocals);
        }

        @Override
        void onHandler() {
            if (hook.failureProbe != null) {
                callFailure();
            } else if (hook.exitProbe != null) {
                callExit();
            }
        }
    }

    /**
     * Around each call to the hook's call: the probe before it (given the receiver and the captured
     * longs), the exit probe after it, the failure probe if it throws. A captured long is copied into a
     * local of the hook's when the method stores it, since the method's own local may be out of scope
     * at the call. Call sites reached before every capture was seen are left alone.
     */
    private static final class AroundCall extends WithHookLocal {
        private final boolean[] captured;
        private int pendingCapture = -1;
        private boolean woven;

        AroundCall(MethodVisitor mv, String owner, Hook hook, int slot) {
            super(mv, owner, hook, slot, hook.captures.size());
            captured = new boolean[hook.captures.size()];
        }

        @Override
        void onEnter() {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ASTORE, slot);
            for (int i = 0; i < longs; i++) {
                mv.visitInsn(Opcodes.LCONST_0);
                mv.visitVarInsn(Opcodes.LSTORE, longSlot(i));
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
            enter();
            boolean isCall = methodOwner.equals(hook.callOwner) && name.equals(hook.callName) && descriptor.equals(hook.callDescriptor);
            if (!isCall || !allCaptured()) {
                pendingCapture = captureOf(opcode, methodOwner, name);
                mv.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
                return;
            }
            pendingCapture = -1;
            woven = true;
            Label start = new Label();
            Label end = new Label();
            mv.visitInsn(Opcodes.DUP); // the receiver, or the one argument, for the probe
            for (int i = 0; i < longs; i++) {
                mv.visitVarInsn(Opcodes.LLOAD, longSlot(i));
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook.probeOwner, hook.probe, hook.probeDescriptor, false);
            mv.visitVarInsn(Opcodes.ASTORE, slot);
            mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            mv.visitLabel(start);
            mv.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
            mv.visitLabel(end);
            callExit();
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
            enter();
            pendingCapture = captureOf(opcode, fieldOwner, name);
            mv.visitFieldInsn(opcode, fieldOwner, name, descriptor);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            enter();
            mv.visitVarInsn(opcode, varIndex);
            if (opcode == Opcodes.LSTORE && pendingCapture >= 0) {
                mv.visitVarInsn(Opcodes.LLOAD, varIndex);
                mv.visitVarInsn(Opcodes.LSTORE, longSlot(pendingCapture));
                captured[pendingCapture] = true;
            }
            pendingCapture = -1;
        }

        private int captureOf(int opcode, String owner, String name) {
            for (int i = 0; i < hook.captures.size(); i++) {
                Hook.Capture c = hook.captures.get(i);
                if (c.opcode == opcode && c.owner.equals(owner) && c.name.equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean allCaptured() {
            for (boolean c : captured) {
                if (!c) {
                    return false;
                }
            }
            return true;
        }

        @Override
        void onHandler() {
            if (woven) { // else unreachable, and only there to keep the method's shape uniform
                callFailure();
            }
        }
    }

    /**
     * The probe before each return of one kind: {@code lreturn}, the probe given a copy of the value;
     * {@code areturn}, the probe given the value and returning the one to return instead; {@code return},
     * the probe's result dropped (after a constructor's own code, where {@code this} is whole).
     */
    private static final class AtReturn extends MethodVisitor {
        private final String owner;
        private final Hook hook;
        private final int returnOpcode;
        private final String returnType;

        AtReturn(MethodVisitor mv, String owner, Hook hook, int returnOpcode, String returnType) {
            super(API, mv);
            this.owner = owner;
            this.hook = hook;
            this.returnOpcode = returnOpcode;
            this.returnType = returnType;
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == returnOpcode) {
                if (opcode == Opcodes.LRETURN) {
                    mv.visitInsn(Opcodes.DUP2);
                }
                pushLoads(mv, owner, hook.loads);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook.probeOwner, hook.probe, hook.probeDescriptor, false);
                if (opcode == Opcodes.ARETURN) {
                    mv.visitTypeInsn(Opcodes.CHECKCAST, returnType);
                } else if (opcode == Opcodes.RETURN) {
                    mv.visitInsn(Opcodes.POP);
                }
            }
            super.visitInsn(opcode);
        }
    }

    /** Around each call of the hook's no-argument method: the probe gets the result and the receiver. */
    private static final class ReplaceCallResult extends MethodVisitor {
        private final Hook hook;

        ReplaceCallResult(MethodVisitor mv, Hook hook) {
            super(API, mv);
            this.hook = hook;
        }

        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
            boolean isCall = methodOwner.equals(hook.callOwner) && name.equals(hook.callName) && descriptor.equals(hook.callDescriptor);
            if (!isCall) {
                super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
                return;
            }
            mv.visitInsn(Opcodes.DUP); // receiver, receiver
            super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface); // receiver, result
            mv.visitInsn(Opcodes.SWAP); // result, receiver
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook.probeOwner, hook.probe, hook.probeDescriptor, false);
            mv.visitTypeInsn(Opcodes.CHECKCAST, Type.getReturnType(descriptor).getInternalName());
        }
    }
}
