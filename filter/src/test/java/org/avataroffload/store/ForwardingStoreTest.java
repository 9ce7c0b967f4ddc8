package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.avataroffload.store.ForwardingStore.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardingStoreTest {
    private static final String KEY = "masters/user_avatar/h/alice/1_2";

    @TempDir
    Path dir;

    /** Notes each call that reaches the medium, with the key it is about. */
    private static final class Recording extends ForwardingStore {
        final List<String> calls = new ArrayList<>();

        Recording(ObjectStore store) {
            super(store);
        }

        @Override
        protected <T> T forward(Operation operation, String key, Supplier<T> call) {
            calls.add(operation.label() + " " + key);
            return call.get();
        }
    }

    @Test
    void everyCallToTheMedium_passesTheHook_andReachesTheStoreInside() {
        try (FileObjectStore files = new FileObjectStore(dir); Recording store = new Recording(files)) {
            store.put(KEY, "x".getBytes(StandardCharsets.US_ASCII), "image/png");
            store.copy(KEY, KEY + "_copy");

            assertThat(store.get(KEY)).isPresent();
            assertThat(store.head(KEY + "_copy")).isPresent();
            assertThat(store.list("masters/")).containsExactly(KEY, KEY + "_copy");
            store.delete(KEY);
            assertThat(files.head(KEY)).isEmpty();
            assertThat(store.locationOf(KEY)).isEqualTo(files.locationOf(KEY));
            assertThat(store.describe()).isEqualTo(files.describe());

            assertThat(store.calls).containsExactly("put " + KEY, "copy " + KEY, "get " + KEY, "head " + KEY + "_copy",
                    "list masters/", "delete " + KEY);
        }
    }

    @Test
    void writes_areThePutCopyAndDelete() {
        assertThat(List.of(Operation.values())).filteredOn(Operation::writes)
                .containsExactly(Operation.PUT, Operation.COPY, Operation.DELETE);
    }
}
