package org.avataroffload.testing;

import java.util.function.Supplier;

import org.avataroffload.store.ForwardingStore;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;

/**
 * The fault seam: a real store whose reads or writes fail on cue, as a store that is down or refuses writes does;
 * faults no real peer makes at will.
 */
public final class FaultyStore extends ForwardingStore {
    /** The store inside, to look past the faults. */
    public final ObjectStore delegate;
    public volatile boolean failReads;
    public volatile boolean failWrites;

    public FaultyStore(ObjectStore delegate) {
        super(delegate);
        this.delegate = delegate;
    }

    @Override
    protected <T> T forward(Operation operation, String key, Supplier<T> call) {
        if (operation.writes() && failWrites) throw new StoreException("store refused the write (injected)");
        if (!operation.writes() && failReads) throw new StoreException("store down (injected)");
        return call.get();
    }

    @Override
    public String describe() {
        return "faulty " + super.describe();
    }
}
