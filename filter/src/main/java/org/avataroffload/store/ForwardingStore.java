package org.avataroffload.store;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store that hands every call to another: the base of the store's decorators (metrics, the breaker, the tests'
 * faults). Each call to the medium passes through {@link #forward}, so a decorator that treats them all alike
 * overrides that one hook; one that changes a single operation overrides just that method.
 */
public abstract class ForwardingStore implements ObjectStore {
    /** The calls that reach the medium, as metrics and health name them. */
    public enum Operation {
        GET, HEAD, PUT, LIST, COPY, DELETE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the call changes what the store holds. */
        public boolean writes() {
            return this == PUT || this == COPY || this == DELETE;
        }
    }

    private final ObjectStore store;

    protected ForwardingStore(ObjectStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Makes one call to the store inside; a decorator wraps it.
     *
     * @param key the key the call is about (the source of a copy, the prefix of a list)
     */
    protected <T> T forward(Operation operation, String key, Supplier<T> call) {
        return call.get();
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return forward(Operation.GET, key, () -> store.get(key));
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return forward(Operation.HEAD, key, () -> store.head(key));
    }

    @Override
    public String put(String key, byte[] bytes, ObjectMetadata metadata) {
        return forward(Operation.PUT, key, () -> store.put(key, bytes, metadata));
    }

    @Override
    public List<String> list(String prefix) {
        return forward(Operation.LIST, prefix, () -> store.list(prefix));
    }

    @Override
    public void copy(String fromKey, String toKey) {
        forward(Operation.COPY, fromKey, () -> {
            store.copy(fromKey, toKey);
            return null;
        });
    }

    @Override
    public void delete(String key) {
        forward(Operation.DELETE, key, () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public String locationOf(String key) {
        return store.locationOf(key);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
