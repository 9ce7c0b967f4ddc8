package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.SoftAssertions;
import org.avataroffload.testing.AnswerStats;
import org.avataroffload.testing.Eventually;
import org.avataroffload.testing.LongPollForum;
import org.avataroffload.testing.LongPollLoad;
import org.avataroffload.testing.NioHttp;
import org.avataroffload.testing.NioHttp.Answer;
import org.avataroffload.testing.PacedLoad;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, in small: 1,000 message-bus long polls (one per open browser tab) held 5 s by the forum at once, through
 * the standalone server with its upstream as configured by default. Every poll is answered 200 once the forum lets
 * it go, none refused, none answered early (a 502) nor long after the hold (queued behind other polls); page loads
 * while all are held get 200 at a usual speed. The forum holds each poll without a thread, the client is one selector
 * thread: the test measures the proxy. bench/longpoll is the full-size version (9,000, nginx beside it, p99 < 50 ms);
 * the bounds here are generous because the machine is shared. {@code -DlongPollScale.polls=1500} runs it bigger.
 */
class LongPollScaleIT {
    static final int POLLS = Integer.getInteger("longPollScale.polls", 1000);
    static final Duration HOLD = Duration.ofSeconds(5);
    /** Past the hold, an answer is late: it waited in a queue rather than at the forum. */
    static final Duration LATE_MARGIN = Duration.ofSeconds(3);
    /** Before the hold, an answer did not come from the forum's hold (a 502, a refusal). */
    static final Duration EARLY_MARGIN = Duration.ofMillis(500);
    static final double POLLS_PER_SECOND = 1000;
    static final double PAGES_PER_SECOND = 50;
    static final double PAGE_P99_BOUND_MS = 500;
    /** Each poll holds an fd in the client, two in the proxy and one in the forum, all in this JVM. */
    static final long FDS_NEEDED = 4L * POLLS + 1000;

    @TempDir
    Path dir;

    @Test
    void longPollsHeldAtOnce_allAnsweredAfterTheHold_pagesMeanwhileFast() {
        long fdLimit = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        assumeTrue(fdLimit >= FDS_NEEDED, "skipped: " + POLLS + " polls need " + FDS_NEEDED
                + " file descriptors in this JVM, its limit is " + fdLimit + " (raise ulimit -n)");
        try (LongPollForum forum = LongPollForum.start(0, HOLD);
             Proxy proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                     .cache(dir.resolve("cache"), 16L << 20, 4L << 20)
                     .route(EndToEndContract.USER_AVATAR).build());
             NioHttp pollLoop = new NioHttp("test-polls");
             NioHttp pageLoop = new NioHttp("test-pages")) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", proxy.uri().getPort());
            warmUp(pageLoop, target);
            // the timed pages' connections are open before the polls, as a browser's are
            PacedLoad pages = new PacedLoad(pageLoop, target, "/latest", PAGES_PER_SECOND, 8, Duration.ofSeconds(10));
            pages.connect();
            Eventually.await(Duration.ofSeconds(10), pages::connected, () -> "the pages' connections did not open");

            LongPollLoad polls = new LongPollLoad(pollLoop, target, POLLS, POLLS_PER_SECOND, HOLD.plusSeconds(15));
            long started = System.nanoTime();
            polls.start();
            Eventually.await(Duration.ofSeconds(10), () -> polls.opened() == POLLS,
                    () -> polls.opened() + " of " + POLLS + " polls opened");
            // pages from when every poll is out until the first would be answered
            long pagesEnd = started + HOLD.minus(EARLY_MARGIN).toNanos();
            pages.start(System.nanoTime(), pagesEnd);
            AtomicInteger heldAtOnce = new AtomicInteger();
            AtomicInteger inFlightAtOnce = new AtomicInteger();
            Eventually.holdsWithin(Duration.ofNanos(pagesEnd - System.nanoTime()), () -> {
                inFlightAtOnce.accumulateAndGet(proxy.offload().metrics().passThroughsInFlight(), Math::max);
                return heldAtOnce.accumulateAndGet(forum.held(), Math::max) == POLLS;
            });
            String scrapedDuringTheHold = proxy.offload().metrics().scrape();
            Eventually.await(HOLD.plusSeconds(20), () -> polls.done() && pages.done(),
                    () -> polls.finished() + " of " + POLLS + " polls ended; pages done: " + pages.done());

            List<Answer> pollAnswers = polls.answers();
            List<Answer> pageAnswers = pages.answers();
            long early = pollAnswers.stream().filter(a -> a.micros() < HOLD.minus(EARLY_MARGIN).toNanos() / 1000).count();
            long late = pollAnswers.stream().filter(a -> a.micros() > HOLD.plus(LATE_MARGIN).toNanos() / 1000).count();
            double pageP99 = AnswerStats.percentileMillis(pageAnswers, 0.99);
            String seen = String.format("%d polls: %s, %d early, %d late, max %.0f ms, the forum held at most %d at once;"
                            + " %d pages: %s, p50 %.1f ms, p99 %.1f ms, max %.1f ms", POLLS,
                    AnswerStats.outcomes(pollAnswers), early, late, AnswerStats.percentileMillis(pollAnswers, 1.0),
                    heldAtOnce.get(), pageAnswers.size(), AnswerStats.outcomes(pageAnswers),
                    AnswerStats.percentileMillis(pageAnswers, 0.5), pageP99, AnswerStats.percentileMillis(pageAnswers, 1.0));
            System.out.println("LongPollScaleIT: " + seen);

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(AnswerStats.outcomes(pollAnswers)).as("every poll answered 200 (%s)", seen)
                    .containsExactly(java.util.Map.entry("200", POLLS));
            soft.assertThat(early).as("polls answered before the forum's hold ended (%s)", seen).isZero();
            soft.assertThat(late).as("polls answered later than the hold + %s (%s)", LATE_MARGIN, seen).isZero();
            soft.assertThat(heldAtOnce.get()).as("polls the forum held at once (%s)", seen).isEqualTo(POLLS);
            // the gauge an operator watches: every held poll is a pass-through in flight, and none is left after
            soft.assertThat(inFlightAtOnce.get()).as("offload_passthrough_in_flight during the hold")
                    .isGreaterThanOrEqualTo(POLLS);
            soft.assertThat(scrapedDuringTheHold).contains("offload_passthrough_in_flight ");
            Eventually.await(Duration.ofSeconds(10), () -> proxy.offload().metrics().passThroughsInFlight() == 0,
                    () -> proxy.offload().metrics().passThroughsInFlight() + " pass-throughs still in flight");
            soft.assertThat(pageAnswers).as("pages during the hold (%s)", seen).isNotEmpty();
            soft.assertThat(AnswerStats.outcomes(pageAnswers).keySet()).as("pages' outcomes (%s)", seen)
                    .containsOnly("200");
            soft.assertThat(pageP99).as("pages' p99 in ms (%s)", seen).isLessThan(PAGE_P99_BOUND_MS);
            soft.assertAll();
        }
    }

    /** A few pages first, so the timed ones do not pay for the proxy's first connections to the forum. */
    private static void warmUp(NioHttp loop, InetSocketAddress target) {
        PacedLoad warm = new PacedLoad(loop, target, "/latest", 200, 4, Duration.ofSeconds(10));
        long now = System.nanoTime();
        warm.start(now, now + Duration.ofMillis(500).toNanos());
        Eventually.await(Duration.ofSeconds(15), warm::done, () -> warm.answers().size() + " warm-up pages answered");
        assertThat(AnswerStats.outcomes(warm.answers()).keySet()).as("warm-up pages").containsOnly("200");
    }
}
