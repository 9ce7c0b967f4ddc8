package org.avataroffload.route;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.ValueKind;
import org.avataroffload.image.Encoding;
import org.avataroffload.image.ImageFormat;

/** One configured avatar URL form, compiled once: its templates, its key rule and its sizes. */
public final class Route {
    /** What to do with a requested size. */
    public sealed interface SizeDecision permits Allowed, Nearest, OutOfRange {
    }

    public record Allowed() implements SizeDecision {
    }

    /** Not in the list but within 8..1000: redirect to this allowed size. */
    public record Nearest(int size) implements SizeDecision {
    }

    /** Outside 8..1000: the forum answers (its blank avatar). */
    public record OutOfRange() implements SizeDecision {
    }

    private final RouteConfig config;
    private final RouteTemplate path;
    private final RouteTemplate key;
    private final RouteTemplate source;
    private final Encoding encoding;
    /** How an allowed size is answered: with its bytes, or (redirect mode) by a redirect to the store. */
    private final Function<AvatarRequest, RequestDecision> allowed;

    public Route(RouteConfig config) {
        this.config = config;
        this.path = RouteTemplate.parse(config.path());
        this.key = RouteTemplate.parse(config.key());
        this.source = RouteTemplate.parse(config.source());
        this.encoding = withQuality(switch (config.format()) {
            case SOURCE -> Encoding.SOURCE;
            case PNG -> Encoding.of(ImageFormat.PNG);
            case JPEG -> Encoding.of(ImageFormat.JPEG);
            case WEBP -> Encoding.of(ImageFormat.WEBP);
        });
        this.allowed = config.redirectBase().<Function<AvatarRequest, RequestDecision>>map(
                base -> request -> new RequestDecision.Locate(request, base)).orElse(RequestDecision.Serve::new);
    }

    public String name() {
        return config.name();
    }

    public List<Integer> sizes() {
        return config.sizes();
    }

    /**
     * The avatar this path asks for, or empty when it does not fit the template or a value is not of its kind.
     * {@code accept} (the request's Accept header, may be null) picks WebP where the route negotiates it.
     */
    public Optional<AvatarRequest> match(String rawPath, String accept) {
        Optional<Map<String, String>> raw = path.match(rawPath);
        if (raw.isEmpty()) return Optional.empty();
        Optional<Integer> size = PlaceholderValues.size(raw.get().get(RouteConfig.SIZE));
        if (size.isEmpty()) return Optional.empty();
        Map<String, String> values = new HashMap<>();
        values.put(RouteConfig.SIZE, size.get().toString());
        for (Map.Entry<String, String> e : raw.get().entrySet()) {
            if (e.getKey().equals(RouteConfig.SIZE)) continue;
            Optional<String> value = PlaceholderValues.value(config.kindOf(e.getKey()), e.getValue());
            if (value.isEmpty()) return Optional.empty();
            values.put(e.getKey(), value.get());
        }
        return Optional.of(new AvatarRequest(this, values, size.get(), key.render(encoded(values)), encodingFor(accept)));
    }

    /**
     * The master's key for the key placeholders' values given as text (a manifest row, a file name), each checked and
     * normalised by its kind exactly as a URL's values are, so an imported master lands where requests look for it.
     *
     * @throws IllegalArgumentException naming the placeholder when a value is missing or does not fit its kind
     */
    public String keyFor(Map<String, String> textValues) {
        Map<String, String> values = new HashMap<>();
        for (String name : keyPlaceholders()) {
            String text = textValues.get(name);
            if (text == null) throw new IllegalArgumentException("no value for {" + name + "}");
            ValueKind kind = config.kindOf(name);
            String value = PlaceholderValues.fromText(kind, text).orElseThrow(() -> new IllegalArgumentException(
                    "{" + name + "} \"" + printable(text) + "\" is not a valid " + kind.name().toLowerCase(Locale.ROOT)));
            values.put(name, value);
        }
        return key.render(encoded(values));
    }

    /** The placeholders that name a master, in the order of the key template. */
    public List<String> keyPlaceholders() {
        return RouteConfig.placeholders(config.key());
    }

    /** The route's URL template, for messages. */
    public String pathTemplate() {
        return config.path();
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** Whether answers depend on the Accept header, so caches in front must be told {@code Vary: Accept}. */
    public boolean variesByAccept() {
        return config.negotiateWebp();
    }

    private Encoding encodingFor(String accept) {
        return config.negotiateWebp() && Accepts.webp(accept) ? withQuality(Encoding.of(ImageFormat.WEBP)) : encoding;
    }

    private Encoding withQuality(Encoding chosen) {
        return config.quality().isPresent() ? chosen.withQuality(config.quality().getAsInt()) : chosen;
    }

    /**
     * Sizes in the list are served; others within 8..1000 go to the closest allowed size, on a tie the one earlier
     * in the list (Discourse's {@code min_by}); for an ascending list that is the smaller.
     */
    public SizeDecision decide(int size) {
        if (size < RouteConfig.MIN_SIZE || size > RouteConfig.MAX_SIZE) return new OutOfRange();
        if (config.sizes().contains(size)) return new Allowed();
        int best = config.sizes().get(0);
        for (int candidate : config.sizes()) {
            if (Math.abs(candidate - size) < Math.abs(best - size)) best = candidate;
        }
        return new Nearest(best);
    }

    /** What to do with a request this route matched: by its size, and by whether the route redirects to the store. */
    RequestDecision decide(AvatarRequest request) {
        SizeDecision size = decide(request.size());
        if (size instanceof OutOfRange) return new RequestDecision.PassThrough(request);
        if (size instanceof Nearest nearest) return new RequestDecision.Redirect(request, pathAt(request, nearest.size()));
        return allowed.apply(request);
    }

    /** The same avatar's path at another size, for the redirect to the nearest allowed size. */
    public String pathAt(AvatarRequest request, int size) {
        Map<String, String> values = new HashMap<>(request.values());
        values.put(RouteConfig.SIZE, Integer.toString(size));
        return path.render(encoded(values));
    }

    /** The forum path that yields the master: the source template at the largest allowed size. */
    public String sourcePath(AvatarRequest request) {
        Map<String, String> values = new HashMap<>(request.values());
        values.put(RouteConfig.SIZE, Integer.toString(config.largestSize()));
        return source.render(encoded(values));
    }

    private static Map<String, String> encoded(Map<String, String> values) {
        Map<String, String> encoded = new HashMap<>(values.size());
        values.forEach((name, value) -> encoded.put(name, PlaceholderValues.encode(value)));
        return encoded;
    }

    @Override
    public String toString() {
        return config.name() + " " + path;
    }
}
