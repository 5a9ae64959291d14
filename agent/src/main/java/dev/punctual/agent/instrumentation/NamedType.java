package dev.punctual.agent.instrumentation;

/** An instrumentation of one class named by its exact binary name, with the name operators read. */
public abstract class NamedType implements TypeInstrumentation {
    private final String name;
    private final String typeName;

    protected NamedType(String name, String typeName) {
        this.name = name;
        this.typeName = typeName;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String typeName() {
        return typeName;
    }
}
