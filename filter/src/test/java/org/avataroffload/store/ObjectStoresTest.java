package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.config.S3StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoresTest {
    @Test
    void open_fileConfig_isAFileStoreInThatDirectory(@TempDir Path dir) {
        try (ObjectStore store = ObjectStores.open(new FileStoreConfig(dir))) {
            assertThat(store).isInstanceOf(FileObjectStore.class);
            assertThat(store.describe()).contains(dir.getFileName().toString());
        }
    }

    @Test
    void open_s3Config_isAnS3StoreOnThatBucket() {
        S3StoreConfig s3 = new S3StoreConfig("avatars", "ap-northeast-2", Optional.empty(), false, true, "forum/",
                S3StoreConfig.ChecksumMode.WHEN_REQUIRED);

        // credentials are looked up only on the first request, so opening needs none
        try (ObjectStore store = ObjectStores.open(s3)) {
            assertThat(store).isInstanceOf(S3ObjectStore.class);
            assertThat(store.describe()).isEqualTo("s3://avatars/forum/ (ap-northeast-2, accelerated)");
        }
    }
}
