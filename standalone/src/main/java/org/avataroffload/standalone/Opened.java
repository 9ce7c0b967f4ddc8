package org.avataroffload.standalone;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.avataroffload.config.OffloadConfig;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.ObjectStores;

/** What a bulk command opened (stores, clients, files): closed in reverse order when the command ends. */
final class Opened implements AutoCloseable {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    <T extends AutoCloseable> T keep(T resource) {
        resources.push(resource);
        return resource;
    }

    <T extends AutoCloseable> List<T> keepAll(List<T> opened) {
        opened.forEach(resources::push);
        return opened;
    }

    /** The store the config names. */
    ObjectStore store(OffloadConfig config) {
        return keep(ObjectStores.open(config.store()));
    }

    /** Closes everything, the last opened first; the first failure is thrown with the others suppressed in it. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
