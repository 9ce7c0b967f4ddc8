package org.avataroffload.standalone;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreProbe;
import org.avataroffload.store.StoredObject;

/** {@code check-config}'s store checks: the store serve reads and writes, and each fallback bucket it only reads. */
final class StoreCheck {
    /** Where the write probe goes, as serve's start-up probe: a list of it is one small request on any store. */
    static final String PROBE_PREFIX = StoreProbe.PREFIX;

    private StoreCheck() {
    }

    /**
     * Lists {@link #PROBE_PREFIX} (bucket, credentials, permission to list, the endpoint answering); with
     * {@code write}, also puts a probe object, reads it back and deletes it (a read-only key fails here).
     */
    static DependencyCheck check(String name, Supplier<ObjectStore> opener, boolean write) {
        long start = System.nanoTime();
        String target = name;
        try (ObjectStore store = opener.get()) {
            target = store.describe();
            int listed = store.list(PROBE_PREFIX).size();
            String found = "listed " + PROBE_PREFIX + " (" + listed + " objects)";
            if (write) found += "; " + probe(store);
            return DependencyCheck.ok(name, target, found, start);
        } catch (RuntimeException e) {
            // any failure of the store is this check's finding, reported in one line
            return DependencyCheck.fail(name, target, DependencyCheck.reason(e), start);
        }
    }

    private static String probe(ObjectStore store) {
        String key = PROBE_PREFIX + "probe-" + UUID.randomUUID();
        byte[] bytes = ("avatar-offload check-config probe " + key + "\n").getBytes(StandardCharsets.UTF_8);
        store.put(key, bytes, "text/plain");
        try {
            Optional<StoredObject> back = store.get(key);
            if (back.isEmpty() || !Arrays.equals(back.get().bytes(), bytes)) {
                throw new IllegalStateException("wrote " + key + " but read back " + (back.isEmpty() ? "nothing" : "other bytes"));
            }
        } finally {
            store.delete(key);
        }
        return "wrote, read back and deleted " + key;
    }
}
