package dev.punctual.it.support;

import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recording as JDK Mission Control's own parser reads it: event types, their labels and units. */
public final class JmcTypes {
    private final IItemCollection items;

    private JmcTypes(IItemCollection items) {
        this.items = items;
    }

    public static JmcTypes read(Path jfr) throws Exception {
        return new JmcTypes(JfrLoaderToolkit.loadEvents(jfr.toFile()));
    }

    /** JMC finds events of this type, with this label, a description, and these fields as timespans. */
    public void assertType(String id, String label, List<String> timespans) {
        IItemCollection ofType = items.apply(ItemFilters.type(id));
        assertTrue(ofType.hasItems(), "JMC finds " + id);
        for (IItemIterable iterable : ofType) {
            IType<?> type = iterable.getType();
            assertEquals(label, type.getName());
            assertFalse(type.getDescription() == null || type.getDescription().isEmpty(), id + " has a description");
            Map<String, IAccessorKey<?>> keys = type.getAccessorKeys().keySet().stream()
                    .collect(Collectors.toMap(IAccessorKey::getIdentifier, k -> k, (a, b) -> a));
            for (String field : timespans) {
                IAccessorKey<?> key = keys.get(field);
                assertTrue(key != null, id + " has field " + field + " in JMC: " + keys.keySet());
                assertEquals(UnitLookup.TIMESPAN, key.getContentType(), id + "." + field + " is a timespan in JMC");
            }
        }
    }
}
