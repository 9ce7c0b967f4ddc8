import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.avataroffload.testing.AnswerStats;
import org.avataroffload.testing.LongPollLoad;
import org.avataroffload.testing.NioHttp;
import org.avataroffload.testing.NioHttp.Answer;
import org.avataroffload.testing.PacedLoad;

/**
 * The load of bench/longpoll against one proxy: N message-bus long polls opened at a bounded rate (NIO, one selector
 * thread, a connection each), and while the forum holds them all, page loads (GET /latest) and cached-avatar loads
 * at fixed rates on a few keep-alive connections of their own (a second selector thread). Prints a table: what became
 * of the polls, the latency of pages and avatars, the peak of polls the forum saw held at once, the proxy's RSS; and
 * one {@code RESULT} line of key=value for bench/longpoll. Exits 0 when the goal holds (every poll 200 within the
 * hold + 2 s, nothing refused; pages and avatars all 200 with p99 under 50 ms), else 1.
 *
 * <p>Run by bench/longpoll with the JDK's source launcher and the NIO client of the tests on the class path:
 * {@code java -cp filter/target/test-classes bench/LongPollDriver.java --base http://127.0.0.1:8080 --polls 9000
 * --hold 25 --avatar /user_avatar/... [--pid N[,N...]] [--forum http://127.0.0.1:3000] [--label ours] [--rate 1000]
 * [--page /latest] [--page-rate 100] [--avatar-rate 100] [--connections 8] [--timeline yes]}. Bounded: every poll ends within
 * hold + 30 s of being opened, everything within ramp + 2 × hold + 60 s.
 */
public final class LongPollDriver {
    static final double P99_GOAL_MS = 50;
    static final long LATE_MARGIN_NANOS = 2_000_000_000L;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        URI base = URI.create(options.get("base"));
        InetSocketAddress target = new InetSocketAddress(base.getHost(), base.getPort());
        String label = options.getOrDefault("label", base.toString());
        int polls = Integer.parseInt(options.getOrDefault("polls", "9000"));
        long holdSeconds = Long.parseLong(options.getOrDefault("hold", "25"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "1000"));
        String page = options.getOrDefault("page", "/latest");
        String avatar = options.get("avatar");
        double pageRate = Double.parseDouble(options.getOrDefault("page-rate", "100"));
        double avatarRate = Double.parseDouble(options.getOrDefault("avatar-rate", "100"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "8"));
        String pids = options.getOrDefault("pid", ""); // several: their sum (nginx's workers)
        URI forumStats = options.containsKey("forum") ? URI.create(options.get("forum") + "/_longpoll_forum/stats") : null;
        long holdNanos = holdSeconds * 1_000_000_000L;
        Duration pollTimeout = Duration.ofSeconds(holdSeconds + 30);
        Duration requestTimeout = Duration.ofSeconds(10);

        forumStats(forumStats); // restarts the forum's peak from what it holds now
        try (NioHttp pollLoop = new NioHttp("polls"); NioHttp pageLoop = new NioHttp("pages")) {
            // pages and avatars on connections opened before the polls: browsers already connected; the accept
            // queue during the ramp shows in the polls and in the listen-queue counters, not in page latency
            PacedLoad pages = new PacedLoad(pageLoop, target, page, pageRate, connections, requestTimeout);
            PacedLoad avatars = avatar == null ? null
                    : new PacedLoad(pageLoop, target, avatar, avatarRate, connections, requestTimeout);
            pages.connect();
            if (avatars != null) avatars.connect();
            long connectDeadline = System.nanoTime() + requestTimeout.toNanos();
            while (System.nanoTime() < connectDeadline && !(pages.connected() && (avatars == null || avatars.connected()))) {
                Thread.sleep(10);
            }
            long[] listenBefore = listenCounters();
            LongPollLoad longPolls = new LongPollLoad(pollLoop, target, polls, rate, pollTimeout);
            longPolls.start();
            long started = System.nanoTime();
            long hardDeadline = started + (long) (polls / rate * 1e9) + 2 * holdNanos + 60_000_000_000L;
            // the pages run while every poll is held: from the ramp's end to the first poll's answer, at least 3 s
            long rampEnd = started + (long) ((polls - 1) / rate * 1e9);
            long loadStart = rampEnd + 200_000_000L;
            long loadEnd = Math.max(started + holdNanos - 500_000_000L, loadStart + 3_000_000_000L);
            if (loadEnd > started + holdNanos) {
                System.err.printf(Locale.ROOT, "note: the ramp (%.1f s) leaves under 3 s of the hold; pages run past "
                        + "the first answers%n", (rampEnd - started) / 1e9);
            }
            pages.start(loadStart, loadEnd);
            if (avatars != null) avatars.start(loadStart, loadEnd);

            sleepUntil(Math.min(loadEnd, hardDeadline));
            String peak = forumStats(forumStats);
            while (System.nanoTime() < hardDeadline
                    && !(longPolls.done() && pages.done() && (avatars == null || avatars.done()))) {
                Thread.sleep(100);
            }

            long[] listenAfter = listenCounters();
            List<Answer> pollAnswers = longPolls.answers();
            List<Answer> avatarAnswers = avatars == null ? List.of() : avatars.answers();
            if (options.containsKey("timeline")) timeline(pages.answers(), avatarAnswers, loadStart, loadEnd);
            report(label, polls, holdSeconds, rate, holdNanos, longPolls, pollAnswers, page, pages.answers(), avatar,
                    avatarAnswers, peak, pids, loadEnd - loadStart,
                    new long[] {listenAfter[0] - listenBefore[0], listenAfter[1] - listenBefore[1]});
        }
    }

    private static void report(String label, int polls, long holdSeconds, double rate, long holdNanos,
                               LongPollLoad longPolls, List<Answer> pollAnswers, String page, List<Answer> pages,
                               String avatar, List<Answer> avatars, String forumPeak, String pids, long loadNanos,
                               long[] listen) {
        long ok = pollAnswers.stream().filter(Answer::ok).count();
        long refused = pollAnswers.stream().filter(a -> "refused".equals(a.error())).count();
        long errors = pollAnswers.size() - ok - refused;
        long late = pollAnswers.stream().filter(a -> a.doneNanos() - a.sentNanos() > holdNanos + LATE_MARGIN_NANOS).count();
        long unfinished = polls - pollAnswers.size();
        Map<String, Integer> pollOutcomes = AnswerStats.outcomes(pollAnswers);
        pollOutcomes.remove("200");

        System.out.printf(Locale.ROOT, "%n== %s: %d long polls held %d s by the forum, opened at %.0f/s; pages and avatars "
                + "for %.1f s while all are held%n", label, polls, holdSeconds, rate, loadNanos / 1e9);
        System.out.printf(Locale.ROOT, "%-8s %8s %12s %8s %8s %14s %10s  %s%n", "polls", "opened", "answered 200",
                "refused", "errors", "later than h+2", "unfinished", "not 200, by outcome");
        System.out.printf(Locale.ROOT, "%-8s %8d %12d %8d %8d %14d %10d  %s%n", "", longPolls.opened(), ok, refused,
                errors, late, unfinished, pollOutcomes);
        System.out.printf(Locale.ROOT, "%-8s time to answer p50 %.0f ms, p99 %.0f ms, max %.0f ms; the forum held at "
                        + "most %s polls at once%n", "", AnswerStats.percentileMillis(pollAnswers, 0.5),
                AnswerStats.percentileMillis(pollAnswers, 0.99), AnswerStats.percentileMillis(pollAnswers, 1.0),
                forumPeak.isEmpty() ? "?" : forumPeak);
        System.out.printf(Locale.ROOT, "%-8s listen queue overflows %d, SYNs retransmitted %d (this host, during the run:"
                + " a full accept queue makes a connect wait 1 s, 3 s, 7 s...)%n", "", listen[0], listen[1]);
        System.out.printf(Locale.ROOT, "%-8s %-44s %8s %9s %9s %9s %8s  %s%n", "", "", "requests", "p50 ms", "p99 ms",
                "max ms", "not 200", "by outcome");
        loadLine("pages", "GET " + page, pages);
        if (avatar != null) loadLine("avatars", "GET " + avatar, avatars);
        long[] memory = {0, 0};
        for (String pid : pids.split(",")) {
            if (pid.isBlank()) continue;
            long[] one = memoryKb(Long.parseLong(pid.strip()));
            memory[0] += one[0];
            memory[1] += one[1];
        }
        if (!pids.isBlank()) {
            System.out.printf(Locale.ROOT, "%-8s VmHWM (peak) %d MB, VmRSS %d MB after the run (pid %s)%n", "memory",
                    memory[0] / 1024, memory[1] / 1024, pids);
        }

        double pageP99 = AnswerStats.percentileMillis(pages, 0.99);
        double avatarP99 = AnswerStats.percentileMillis(avatars, 0.99);
        boolean met = ok == polls && late == 0 && AnswerStats.notOk(pages) == 0 && AnswerStats.notOk(avatars) == 0
                && !pages.isEmpty() && pageP99 < P99_GOAL_MS && (avatar == null || avatarP99 < P99_GOAL_MS);
        System.out.printf(Locale.ROOT, "RESULT label=%s polls=%d ok=%d refused=%d errors=%d late=%d unfinished=%d "
                        + "page_p99=%.1f page_not200=%d avatar_p99=%.1f avatar_not200=%d forum_peak=%s hwm_mb=%d listen_overflows=%d "
                        + "goal=%s%n",
                label, polls, ok, refused, errors, late, unfinished, pageP99, AnswerStats.notOk(pages), avatarP99,
                AnswerStats.notOk(avatars), forumPeak.isEmpty() ? "?" : forumPeak, memory[0] / 1024, listen[0], met ? "met" : "missed");
        System.exit(met ? 0 : 1);
    }

    /** Second by second through the load window (by each request's turn): where a stall or the errors were. */
    private static void timeline(List<Answer> pages, List<Answer> avatars, long loadStart, long loadEnd) {
        System.out.printf(Locale.ROOT, "%n%-7s %-32s %-32s%n", "second", "pages: n p99 max not-200", "avatars: n p99 max not-200");
        for (long from = loadStart; from < loadEnd; from += 1_000_000_000L) {
            long start = from;
            System.out.printf(Locale.ROOT, "%-7d %-32s %-32s%n", (from - loadStart) / 1_000_000_000L,
                    second(pages, start), second(avatars, start));
        }
    }

    private static String second(List<Answer> answers, long start) {
        List<Answer> in = answers.stream()
                .filter(a -> a.sentNanos() >= start && a.sentNanos() < start + 1_000_000_000L).toList();
        return String.format(Locale.ROOT, "%4d %8.1f %8.1f %5d", in.size(), AnswerStats.percentileMillis(in, 0.99),
                AnswerStats.percentileMillis(in, 1.0), AnswerStats.notOk(in));
    }

    private static void loadLine(String kind, String what, List<Answer> answers) {
        Map<String, Integer> outcomes = AnswerStats.outcomes(answers);
        System.out.printf(Locale.ROOT, "%-8s %-44s %8d %9.1f %9.1f %9.1f %8d  %s%n", kind,
                what.length() > 44 ? what.substring(0, 41) + "..." : what, answers.size(),
                AnswerStats.percentileMillis(answers, 0.5), AnswerStats.percentileMillis(answers, 0.99),
                AnswerStats.percentileMillis(answers, 1.0), AnswerStats.notOk(answers), outcomes);
    }

    /** The forum's {@code peak} of polls held at once since the last read; "" without a forum to ask. */
    private static String forumStats(URI stats) {
        if (stats == null) return "";
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String body = client.send(HttpRequest.newBuilder(stats).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String field : body.strip().split(" ")) if (field.startsWith("peak=")) return field.substring(5);
        } catch (IOException e) {
            System.err.println("cannot read the forum's stats: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    /** {ListenOverflows, TCPSynRetrans} of /proc/net/netstat: connects a full accept queue dropped. */
    private static long[] listenCounters() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                if (!lines.get(i).startsWith("TcpExt:")) continue;
                List<String> names = List.of(lines.get(i).split(" "));
                String[] values = lines.get(i + 1).split(" ");
                return new long[] {Long.parseLong(values[names.indexOf("ListenOverflows")]),
                        Long.parseLong(values[names.indexOf("TCPSynRetrans")])};
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot read /proc/net/netstat: " + e);
        }
        return new long[2];
    }

    /** {VmHWM, VmRSS} in kB of the process, zeros when unreadable. */
    private static long[] memoryKb(long pid) {
        long[] kb = new long[2];
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) kb[0] = Long.parseLong(line.replaceAll("\\D", ""));
                if (line.startsWith("VmRSS:")) kb[1] = Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException e) {
            System.err.println("cannot read the memory of " + pid + ": " + e.getMessage());
        }
        return kb;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        for (long left; (left = nanos - System.nanoTime()) > 0; ) Thread.sleep(Math.max(1, left / 1_000_000));
    }
}
