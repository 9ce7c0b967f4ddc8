package org.avataroffload.bulk;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.avataroffload.image.ImageException;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.route.Route;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.store.StoredObject;

/**
 * {@code verify}: reads every master in the store and renders the smallest size of its route (named by the key's
 * second segment, {@code masters/<route>/...}), as a request would. A master that does not render is bad; a route
 * no longer in the config is checked at the smallest size of any route. Changes nothing.
 */
public final class VerifyJob extends BulkJob<String> {
    private static final List<BulkOutcome> OUTCOMES = List.of(BulkOutcome.OK, BulkOutcome.BAD, BulkOutcome.FAILED);

    private final ObjectStore store;
    private final ImagePipeline pipeline;
    private final Map<String, Integer> smallestByRoute = new HashMap<>();
    private final int smallestOfAll;

    private VerifyJob(List<String> keys, ObjectStore store, List<Route> routes, ImagePipeline pipeline) {
        super("verify", keys, false, OUTCOMES, OUTCOMES); // it changes nothing anyway: no dry run
        this.store = store;
        this.pipeline = pipeline;
        routes.forEach(route -> smallestByRoute.put(route.name(), Collections.min(route.sizes())));
        this.smallestOfAll = smallestByRoute.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    }

    /** @throws StoreException when the store cannot be listed */
    public static VerifyJob create(ObjectStore store, List<Route> routes, ImagePipeline pipeline) {
        return new VerifyJob(store.list("masters/"), store, routes, pipeline);
    }

    @Override
    public ItemResult process(String key) {
        Optional<StoredObject> master;
        try {
            master = store.get(key);
        } catch (StoreException e) {
            return ItemResult.failed(e.getMessage());
        }
        if (master.isEmpty()) return ItemResult.failed("no longer in the store");
        String[] segments = key.split("/", 3);
        int size = segments.length == 3 ? smallestByRoute.getOrDefault(segments[1], smallestOfAll) : smallestOfAll;
        try {
            pipeline.render(master.get().bytes(), size);
            return ItemResult.of(BulkOutcome.OK);
        } catch (ImageException e) {
            return new ItemResult(BulkOutcome.BAD, "(" + e.status() + ") " + e.getMessage());
        }
    }
}
