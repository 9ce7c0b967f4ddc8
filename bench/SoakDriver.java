import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load of bench/soak: hits, misses and pass-through at fixed rates, each kind on its own threads (a kind that
 * hangs slows only itself), for a number of minutes; at each minute's end one line per minute with requests, errors
 * and p99 per kind, the proxy's RSS and the faults bench/soak injected in that minute. Exits 1 when a hit failed or
 * the RSS grew (last minute above 1.25× the baseline minute), else 0.
 *
 * <p>Run by bench/soak with the JDK's source launcher ({@code java bench/SoakDriver.java ...}); no build needed.
 */
public final class SoakDriver {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final double RSS_GROWTH_LIMIT = 1.25;

    /** One kind of traffic: its URLs (taken in turn; a miss list is used once, never wrapped), its rate and threads. */
    record Kind(String name, List<String> paths, boolean once, double perSecond, int threads) {
    }

    /** One minute of one kind: latencies of the answered, errors by cause. */
    static final class Minute {
        final List<Long> micros = new ArrayList<>();
        final Map<String, Integer> errors = new TreeMap<>();
        int requests;

        synchronized void record(long latencyMicros, String error) {
            requests++;
            if (error == null) micros.add(latencyMicros);
            else errors.merge(error, 1, Integer::sum);
        }

        synchronized int errorCount() {
            return errors.values().stream().mapToInt(Integer::intValue).sum();
        }

        synchronized double p99Millis() {
            if (micros.isEmpty()) return Double.NaN;
            List<Long> sorted = new ArrayList<>(micros);
            sorted.sort(null);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        URI base = URI.create(options.get("base"));
        long pid = Long.parseLong(options.get("pid"));
        int minutes = Integer.parseInt(options.getOrDefault("minutes", "10"));
        Path faults = Path.of(options.get("faults"));
        List<Kind> kinds = List.of(
                new Kind("hit", Files.readAllLines(Path.of(options.get("hits"))), false,
                        Double.parseDouble(options.getOrDefault("hit-rate", "200")), 8),
                new Kind("miss", Files.readAllLines(Path.of(options.get("misses"))), true,
                        Double.parseDouble(options.getOrDefault("miss-rate", "8")), 8),
                new Kind("pass", List.of(options.getOrDefault("pass", "/page.html")), false,
                        Double.parseDouble(options.getOrDefault("pass-rate", "40")), 4));

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        Map<String, Minute[]> stats = new TreeMap<>();
        List<Thread> workers = new ArrayList<>();
        for (Kind kind : kinds) {
            Minute[] perMinute = new Minute[minutes + 1];
            for (int m = 0; m <= minutes; m++) perMinute[m] = new Minute();
            stats.put(kind.name(), perMinute);
            AtomicInteger next = new AtomicInteger();
            long periodNanos = (long) (kind.threads() * 1e9 / kind.perSecond());
            for (int t = 0; t < kind.threads(); t++) {
                long offset = periodNanos * t / kind.threads();
                Thread worker = new Thread(() -> drive(client, base, kind, next, perMinute, start, offset, periodNanos,
                        minutes), kind.name() + "-" + t);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
        }

        long[] rssKb = new long[minutes + 1];
        System.out.printf(Locale.ROOT, "%-6s  %-30s  %-30s  %-30s  %7s  %s%n", "minute", "hit: req err p99",
                "miss: req err p99", "pass: req err p99", "RSS", "faults, error causes");
        for (int m = 1; m <= minutes; m++) {
            long due = start + m * 60_000_000_000L;
            while (System.nanoTime() < due) Thread.sleep(Math.max(1, (due - System.nanoTime()) / 1_000_000));
            rssKb[m] = rssKb(pid);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6d", m));
            StringBuilder notes = new StringBuilder(faultsIn(faults, m));
            for (Kind kind : kinds) {
                Minute minute = stats.get(kind.name())[m - 1];
                line.append(String.format(Locale.ROOT, "  %-30s", String.format(Locale.ROOT, "%6d %5d %8.1f ms",
                        minute.requests, minute.errorCount(), minute.p99Millis())));
                synchronized (minute) {
                    if (!minute.errors.isEmpty()) notes.append(" ").append(kind.name()).append(" errors ").append(minute.errors);
                }
            }
            line.append(String.format(Locale.ROOT, "  %4d MB  %s", rssKb[m] / 1024, notes.toString().strip()));
            System.out.println(line);
        }
        for (Thread worker : workers) worker.interrupt();

        int hitErrors = 0;
        for (Minute minute : stats.get("hit")) hitErrors += minute.errorCount();
        int baseline = minutes >= 3 ? 2 : 1; // minute 1 holds the JIT's warm-up; with fewer minutes there is no choice
        double growth = rssKb[baseline] == 0 ? Double.NaN : (double) rssKb[minutes] / rssKb[baseline];
        boolean flat = growth <= RSS_GROWTH_LIMIT;
        System.out.printf(Locale.ROOT, "hit errors: %d (must be 0)%n", hitErrors);
        System.out.printf(Locale.ROOT, "RSS: minute %d %d MB, minute %d %d MB: %.2fx (%s, limit %.2fx)%n", baseline,
                rssKb[baseline] / 1024, minutes, rssKb[minutes] / 1024, growth, flat ? "flat" : "GREW", RSS_GROWTH_LIMIT);
        boolean passed = hitErrors == 0 && flat;
        System.out.println(passed ? "SOAK PASSED" : "SOAK FAILED");
        System.exit(passed ? 0 : 1);
    }

    /** One worker: a request every {@code periodNanos} (no burst to catch up when late), until the last minute ends. */
    private static void drive(HttpClient client, URI base, Kind kind, AtomicInteger next, Minute[] perMinute,
                              long start, long offset, long periodNanos, int minutes) {
        long end = start + minutes * 60_000_000_000L;
        long due = start + offset;
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            if (now >= end) return;
            if (now < due) {
                try {
                    Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            due = Math.max(due + periodNanos, System.nanoTime());
            int index = next.getAndIncrement();
            if (kind.once() && index >= kind.paths().size()) {
                System.err.println(kind.name() + ": the URL list ran out; no more " + kind.name() + " traffic");
                return;
            }
            String path = kind.paths().get(index % kind.paths().size());
            long sent = System.nanoTime();
            String error;
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding());
                error = response.statusCode() == 200 ? null : Integer.toString(response.statusCode());
            } catch (IOException e) {
                error = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                return;
            }
            long done = System.nanoTime();
            int minute = (int) ((done - start) / 60_000_000_000L);
            if (minute < perMinute.length) perMinute[minute].record((done - sent) / 1000, error);
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException e) {
            System.err.println("cannot read the RSS of " + pid + ": " + e.getMessage());
        }
        return 0;
    }

    /** The faults bench/soak logged for this minute ("minute<TAB>what" lines). */
    private static String faultsIn(Path faults, int minute) {
        try {
            if (!Files.exists(faults)) return "";
            StringBuilder found = new StringBuilder();
            for (String line : Files.readAllLines(faults)) {
                String[] parts = line.split("\t", 2);
                if (parts.length == 2 && parts[0].equals(Integer.toString(minute))) found.append(parts[1]).append("; ");
            }
            return found.toString();
        } catch (IOException e) {
            return "(faults unreadable: " + e.getMessage() + ")";
        }
    }
}
