package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Optional;

import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.config.S3StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key each kind of failure names, and the file store's kinds. */
class StoreProbeTest {
    private static final S3StoreConfig AWS = new S3StoreConfig("forum-avatars", "eu-west-1", Optional.empty(), false,
            false, "", S3StoreConfig.ChecksumMode.WHEN_REQUIRED);
    private static final S3StoreConfig MINIO = new S3StoreConfig("forum-avatars", "us-east-1",
            Optional.of(URI.create("https://user:secret@minio.example:9000")), true, false, "",
            S3StoreConfig.ChecksumMode.WHEN_REQUIRED);

    @TempDir
    Path dir;

    @Test
    void eachKind_namesTheKeyToFix() {
        assertThat(StoreProbe.problem(AWS, StoreFailure.NO_SUCH_BUCKET, "r").summary())
                .isEqualTo("store.s3.bucket \"forum-avatars\": no such bucket (r)");
        assertThat(StoreProbe.problem(AWS, StoreFailure.DENIED, "put failed: 403 AccessDenied").summary())
                .isEqualTo("store.s3.bucket \"forum-avatars\": denied (put failed: 403 AccessDenied)");
        assertThat(StoreProbe.problem(AWS, StoreFailure.BAD_CREDENTIALS, "r").summary())
                .isEqualTo("S3 credentials for store.s3.bucket \"forum-avatars\": bad credentials (r)");
        assertThat(StoreProbe.problem(AWS, StoreFailure.WRONG_REGION, "r").summary())
                .isEqualTo("store.s3.region \"eu-west-1\": wrong region (r)");
        assertThat(StoreProbe.problem(AWS, StoreFailure.UNREACHABLE, "r").summary())
                .isEqualTo("store.s3.region \"eu-west-1\": unreachable (r)");
        assertThat(StoreProbe.problem(MINIO, StoreFailure.SLOW, "r").summary())
                .as("the endpoint, its password hidden")
                .isEqualTo("store.s3.endpoint \"https://***@minio.example:9000\": slow (r)");
        assertThat(StoreProbe.problem(new FileStoreConfig(Path.of("/srv/avatars")), StoreFailure.DENIED, "r").line())
                .isEqualTo("store.file.dir \"/srv/avatars\": denied (r) — avatars are passed to the forum until this "
                        + "is fixed");
    }

    @Test
    void aFileStore_thatWorks_passes_leavingNoProbeObject() {
        try (FileObjectStore store = new FileObjectStore(dir)) {
            assertThat(StoreProbe.check(store, new FileStoreConfig(dir))).isEmpty();
            assertThat(store.list("")).isEmpty();
        }
    }

    @Test
    void aLocalPermissionProblem_isDenied_anyOtherIoErrorIsOther() {
        assertThat(new StoreException("x", new AccessDeniedException("/srv/avatars/masters")).kind())
                .isEqualTo(StoreFailure.DENIED);
        assertThat(new StoreException("x", new IOException("No space left on device")).kind())
                .isEqualTo(StoreFailure.OTHER);
        assertThat(new StoreException("x").kind()).isEqualTo(StoreFailure.OTHER);
    }
}
