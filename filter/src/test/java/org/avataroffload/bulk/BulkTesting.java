package org.avataroffload.bulk;

import java.awt.Color;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.config.ImageConfig;
import org.avataroffload.config.OutputFormat;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.ValueKind;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.route.Route;
import org.avataroffload.testing.FakeForum;

/** What the bulk tests share: Discourse's user_avatar route, a pipeline, masters made in code, and a runner. */
final class BulkTesting {
    static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 72, 96, 144, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png",
            Map.of("hostname", ValueKind.HOSTNAME, "username", ValueKind.USERNAME, "version", ValueKind.UPLOAD),
            OutputFormat.SOURCE, OptionalInt.empty(), false, Optional.empty());
    static final Route ROUTE = new Route(USER_AVATAR);
    static final ImagePipeline PIPELINE = new ImagePipeline(ImageConfig.DEFAULT);
    static final ImportJob.Reading READING = new ImportJob.Reading(ImageConfig.DEFAULT.maxBytes(),
            Duration.ofSeconds(5), Duration.ofSeconds(10));

    private BulkTesting() {
    }

    /** A distinct small PNG per seed. */
    static byte[] png(int seed) {
        return FakeForum.png(32 + seed % 7, new Color((seed * 0x9E3779B1) & 0xFFFFFF)); // odd multiplier: distinct colours
    }

    static BulkReport run(BulkJob<?> job) {
        return BulkRunner.of(job, 4, Clock.systemUTC()).run();
    }
}
