package org.avataroffload.bulk;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.avataroffload.avatar.Warmer;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.route.Route;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.store.StoreKeys;

/**
 * {@code warm}: read-through for the master of every avatar in a list, before any client asks, so a whole forum is
 * offloaded ahead of a migration. Each line is a URL path ({@code /user_avatar/forum.example.com/sam/288/42_2.png})
 * or a full URL; blank lines and {@code #} comments are skipped; names may be percent-encoded or raw UTF-8. Only the
 * master is stored; sizes are made on demand.
 * A full URL's host goes to the forum as {@code Host} (and its scheme as {@code X-Forwarded-Proto}), so a multisite
 * forum answers for the right site.
 */
public final class WarmJob extends BulkJob<WarmJob.Line> {
    private static final List<BulkOutcome> OUTCOMES = List.of(BulkOutcome.STORED, BulkOutcome.SKIPPED,
            BulkOutcome.NOT_A_MASTER, BulkOutcome.FAILED);
    private static final List<BulkOutcome> DRY_OUTCOMES = List.of(BulkOutcome.WOULD_FETCH, BulkOutcome.SKIPPED,
            BulkOutcome.FAILED);

    /** One line of the list, with its number for messages. */
    public record Line(int number, String text) {
    }

    private final Route route;
    private final Warmer warmer;
    private final ObjectStore store;

    private WarmJob(List<Line> lines, Route route, Warmer warmer, ObjectStore store, boolean dryRun) {
        super("warm", lines, dryRun, OUTCOMES, DRY_OUTCOMES);
        this.route = route;
        this.warmer = warmer;
        this.store = store;
    }

    /**
     * @param list the list, read to its end here (a file, or standard input for {@code -})
     * @throws BulkSetupException when the list cannot be read
     */
    public static WarmJob create(BufferedReader list, String listName, Route route, Warmer warmer, ObjectStore store,
                                 boolean dryRun) {
        List<Line> lines = new ArrayList<>();
        try {
            int number = 0;
            for (String text = list.readLine(); text != null; text = list.readLine()) {
                number++;
                String line = text.strip();
                if (!line.isEmpty() && !line.startsWith("#")) lines.add(new Line(number, line));
            }
        } catch (IOException e) {
            throw new BulkSetupException("cannot read " + listName + ": " + e.getMessage(), e);
        }
        return new WarmJob(lines, route, warmer, store, dryRun);
    }

    @Override
    public String describe(Line line) {
        return "line " + line.number() + " " + line.text();
    }

    @Override
    public ItemResult process(Line line) {
        Target target;
        try {
            target = Target.parse(line.text());
        } catch (IllegalArgumentException e) {
            return ItemResult.failed(e.getMessage());
        }
        Optional<AvatarRequest> request = route.match(target.rawPath(), null);
        if (request.isEmpty()) {
            return ItemResult.failed("not an avatar of route " + route.name() + " (" + route.pathTemplate() + ")");
        }
        if (dryRun()) return dryRun(request.get());
        Warmer.Warmed warmed = warmer.warm(request.get(), target.forumHeaders());
        return switch (warmed.result()) {
            case STORED -> ItemResult.of(BulkOutcome.STORED);
            case ALREADY_STORED -> ItemResult.of(BulkOutcome.SKIPPED); // a rerun's resume: counted, not named
            case NOT_CURRENT -> new ItemResult(BulkOutcome.SKIPPED, warmed.detail());
            case NOT_A_MASTER -> new ItemResult(BulkOutcome.NOT_A_MASTER, warmed.detail());
            case FAILED -> ItemResult.failed(warmed.detail());
        };
    }

    private ItemResult dryRun(AvatarRequest request) {
        try {
            boolean stored = store.head(StoreKeys.master(route.name(), request.key())).isPresent();
            return ItemResult.of(stored ? BulkOutcome.SKIPPED : BulkOutcome.WOULD_FETCH);
        } catch (StoreException e) {
            return ItemResult.failed(e.getMessage());
        }
    }

    /** A line read as the request it stands for: the raw path, and the headers a client of that URL would send. */
    record Target(String rawPath, List<Map.Entry<String, String>> forumHeaders) {
        static Target parse(String line) {
            if (line.startsWith("/") && !line.startsWith("//")) return new Target(pathOnly(line), List.of());
            String lower = line.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw new IllegalArgumentException("neither a URL path (/...) nor an http(s) URL");
            }
            URI url;
            try {
                url = new URI(line);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + e.getMessage());
            }
            if (url.getHost() == null || url.getRawPath() == null || url.getRawPath().isEmpty()) {
                throw new IllegalArgumentException("a URL without a host or a path");
            }
            String host = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()); // never user info
            return new Target(asciiOnly(url.getRawPath()), List.of(
                    new SimpleImmutableEntry<>("Host", host),
                    new SimpleImmutableEntry<>("X-Forwarded-Host", host),
                    new SimpleImmutableEntry<>("X-Forwarded-Proto", url.getScheme().toLowerCase(Locale.ROOT))));
        }

        private static String pathOnly(String line) {
            int end = line.length();
            for (char c : new char[] {'?', '#'}) {
                int at = line.indexOf(c);
                if (at >= 0) end = Math.min(end, at);
            }
            return asciiOnly(line.substring(0, end));
        }

        /**
         * A list made by a query holds names as the database has them ({@code /user_avatar/h/löwe/...}); they are
         * percent-encoded as UTF-8, as a browser sends them. What is already ASCII is left as it is.
         */
        private static String asciiOnly(String path) {
            if (path.chars().allMatch(c -> c < 0x80)) return path;
            StringBuilder encoded = new StringBuilder(path.length() + 16);
            for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xFF;
                if (c < 0x80) encoded.append((char) c); else encoded.append('%').append(String.format("%02X", c));
            }
            return encoded.toString();
        }
    }
}
