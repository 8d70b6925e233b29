package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gameport.net.TransportSettings;
import io.gameport.settings.Records;
import io.gameport.tls.TlsSettings;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every settings record of the server's tree has the one shape: a static {@code defaults()}, no
 * constant instances, and a {@code with…} for every field that replaces that field and no other.
 */
class SettingsShapeTest {

    /** Pairs of (defaults, a value differing in every field) for every record of the tree. */
    private static List<Record[]> everyRecord() {
        List<Record[]> pairs = new ArrayList<>();
        collect(GameServerSettings.defaults().withTls(TlsSettings.defaults()), SettingsReachComponentsTest.GIVEN, pairs);
        return pairs;
    }

    private static void collect(Record defaults, Record given, List<Record[]> pairs) {
        pairs.add(new Record[] {defaults, given});
        for (RecordComponent component : given.getClass().getRecordComponents()) {
            if (Records.read(component, given) instanceof Record nested) {
                collect((Record) Records.read(component, defaults), nested, pairs);
            }
        }
    }

    @Test
    void everySettingsRecordIsNamedSettingsAndHasDefaultsAndNoConstantInstances() throws Exception {
        List<Record[]> records = everyRecord();
        assertTrue(records.size() >= 11, "the tree's records: " + records.size());
        for (Record[] pair : records) {
            Class<?> type = pair[0].getClass();
            assertTrue(type.getSimpleName().endsWith("Settings"), type.getName());
            Method defaults = type.getMethod("defaults");
            assertTrue(Modifier.isStatic(defaults.getModifiers()) && defaults.getReturnType() == type, type.getName());
            for (var field : type.getFields()) {
                assertFalse(Modifier.isStatic(field.getModifiers()) && field.getType() == type,
                        type.getSimpleName() + "." + field.getName() + ": defaults come from defaults()");
            }
        }
    }

    @Test
    void everyFieldHasAWithMethodThatReplacesItAndNothingElse() throws Exception {
        for (Record[] pair : everyRecord()) {
            Class<?> type = pair[0].getClass();
            for (RecordComponent component : type.getRecordComponents()) {
                String name = component.getName();
                Method with = type.getMethod("with" + Character.toUpperCase(name.charAt(0)) + name.substring(1), component.getType());
                // Fields bounded by another (a global cap by a per-connection one) may only move one way from a base.
                Record base = pair[0];
                Record source = pair[1];
                Record changed;
                try {
                    changed = (Record) with.invoke(base, Records.read(component, source));
                } catch (java.lang.reflect.InvocationTargetException e) {
                    base = pair[1];
                    source = pair[0];
                    changed = (Record) with.invoke(base, Records.read(component, source));
                }
                for (RecordComponent each : type.getRecordComponents()) {
                    Object expected = Records.read(each, each.getName().equals(name) ? source : base);
                    assertEquals(expected, Records.read(each, changed), type.getSimpleName() + ".with" + name + " and " + each.getName());
                }
            }
        }
    }

    @Test
    void aWithOfABadValueFailsNamingTheSettingAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransportSettings.defaults().withWorkers(0));
        assertEquals("TransportSettings.workers must be in 1..256, was 0", e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Records.with(TransportSettings.defaults(), "threads", 2));
        assertEquals("TransportSettings has no setting named threads", unknown.getMessage());
        assertNotEquals(TransportSettings.defaults(), TransportSettings.defaults().withWorkers(200));
    }
}
