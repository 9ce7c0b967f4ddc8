package org.avataroffload.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.bulk.BulkTesting.PIPELINE;
import static org.avataroffload.bulk.BulkTesting.ROUTE;
import static org.avataroffload.bulk.BulkTesting.png;
import static org.avataroffload.bulk.BulkTesting.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.avataroffload.store.FileObjectStore;
import org.avataroffload.store.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyJobTest {
    @TempDir
    Path tmp;

    @Test
    void verify_rendersEveryMaster_andNamesTheBadOnes() {
        try (ObjectStore store = new FileObjectStore(tmp.resolve("store"))) {
            store.put("masters/user_avatar/h/good/1_2", png(1), "image/png");
            store.put("masters/old_route/h/good/2", png(2), "image/png");
            store.put("masters/user_avatar/h/html/3_2", "<html></html>".getBytes(StandardCharsets.UTF_8), "text/html");
            store.put("masters/user_avatar/h/cut/4_2", Arrays.copyOf(png(4), 60), "image/png");
            store.put("derived/user_avatar/h/html/3_2/24.png", "not checked".getBytes(StandardCharsets.UTF_8), "image/png");

            BulkReport report = run(VerifyJob.create(store, List.of(ROUTE), PIPELINE));

            assertThat(report.count(BulkOutcome.OK)).isEqualTo(2);
            assertThat(report.count(BulkOutcome.BAD)).isEqualTo(2);
            assertThat(report.anyFailed()).isTrue();
            assertThat(report.failures()).extracting(BulkReport.Failure::item)
                    .containsExactly("masters/user_avatar/h/cut/4_2", "masters/user_avatar/h/html/3_2");
            assertThat(report.summary()).anyMatch(line -> line.startsWith("  bad masters/user_avatar/h/html/3_2: (415)"));
        }
    }

    @Test
    void verify_ofGoodMastersOnly_failsNothing() {
        try (ObjectStore store = new FileObjectStore(tmp.resolve("store"))) {
            store.put("masters/user_avatar/h/good/1_2", png(1), "image/png");

            BulkReport report = run(VerifyJob.create(store, List.of(ROUTE), PIPELINE));

            assertThat(report.anyFailed()).isFalse();
            assertThat(report.count(BulkOutcome.OK)).isEqualTo(1);
        }
    }
}
