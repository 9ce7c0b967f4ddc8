package org.avataroffload.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.avataroffload.config.ConfigView;
import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.config.StoreConfig;
import org.avataroffload.resilience.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a store works as serving needs it: a list of {@link #PREFIX} (the bucket is there, the credentials are
 * good, the key may read), then a put and a delete of a probe object there (the key may write). {@code serve} runs it
 * at start, and the store's guard as its verifying probe while a misconfiguration holds it; {@code check-config} can
 * run {@link #check} on a store it opened.
 */
public final class StoreProbe {
    /** Where probe objects go, as check-config's write probe: one prefix a bucket policy may allow or ignore. */
    public static final String PREFIX = "check-config/";
    private static final Logger LOG = LoggerFactory.getLogger(StoreProbe.class);

    /**
     * What stops the store from working, named by the key to fix.
     *
     * @param kind   what went wrong
     * @param key    the config key to look at, e.g. {@code store.s3.bucket}
     * @param value  its value, e.g. {@code forum-avatarz}
     * @param reason the store's own words, short
     */
    public record Problem(StoreFailure kind, String key, String value, String reason) {
        public Problem {
            Objects.requireNonNull(kind, "kind");
        }

        /** {@code store.s3.bucket "forum-avatarz": no such bucket (put failed: 404 NoSuchBucket: …)} */
        public String summary() {
            return key + " \"" + value + "\": " + kind.words() + " (" + reason + ")";
        }

        /** The one loud line {@code serve} prints at start, and exits with under {@code --strict}. */
        public String line() {
            return summary() + " — avatars are passed to the forum until this is fixed";
        }
    }

    /** A failure of one step, naming it: the probe's own steps are no one's key. */
    static final class StepFailed extends StoreException {
        private static final long serialVersionUID = 1L;
        private final ForwardingStore.Operation operation;

        StepFailed(ForwardingStore.Operation operation, StoreException cause) {
            super(cause.kind(), cause.getMessage(), cause);
            this.operation = operation;
        }

        ForwardingStore.Operation operation() {
            return operation;
        }
    }

    private StoreProbe() {
    }

    /** Lists, then writes and deletes a probe object; a delete that fails is only logged (serving never deletes). */
    static void run(ObjectStore store) {
        step(ForwardingStore.Operation.LIST, () -> store.list(PREFIX));
        String key = PREFIX + "probe-serve-" + UUID.randomUUID();
        byte[] bytes = ("avatar-offload start-up probe " + key + "\n").getBytes(StandardCharsets.UTF_8);
        step(ForwardingStore.Operation.PUT, () -> store.put(key, bytes, "text/plain"));
        try {
            store.delete(key);
        } catch (StoreException e) {
            LOG.warn("store {}: the probe object {} could not be deleted: {}", store.describe(), key,
                    Failure.shorten(e.getMessage()));
        }
    }

    /** Runs the probe on {@code store} (opened from {@code config}); empty when it works. */
    public static Optional<Problem> check(ObjectStore store, StoreConfig config) {
        try {
            run(store);
            return Optional.empty();
        } catch (StoreException e) {
            return Optional.of(problem(config, e));
        }
    }

    /** The key to fix for this failure in this config. */
    public static Problem problem(StoreConfig config, StoreException e) {
        String reason = e instanceof StepFailed step ? GuardedStore.summary(step.operation(), null, e)
                : Failure.shorten(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return problem(config, e.kind(), reason);
    }

    /** The key to fix for a failure of this kind in this config. */
    public static Problem problem(StoreConfig config, StoreFailure kind, String reason) {
        if (config instanceof FileStoreConfig file) {
            return new Problem(kind, "store.file.dir", file.dir().toString(), reason);
        }
        S3StoreConfig s3 = (S3StoreConfig) config;
        return switch (kind) {
            case BAD_CREDENTIALS -> new Problem(kind, "S3 credentials for store.s3.bucket", s3.bucket(), reason);
            case WRONG_REGION -> new Problem(kind, "store.s3.region", s3.region(), reason);
            case UNREACHABLE, SLOW -> s3.endpoint()
                    .map(endpoint -> new Problem(kind, "store.s3.endpoint", ConfigView.url(endpoint), reason))
                    .orElseGet(() -> new Problem(kind, "store.s3.region", s3.region(), reason));
            default -> new Problem(kind, "store.s3.bucket", s3.bucket(), reason);
        };
    }

    static <T> T step(ForwardingStore.Operation operation, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw new StepFailed(operation, e);
        }
    }
}
