package org.avataroffload.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The config in effect as one ordered list of keys, as the file writes them ({@code store.s3.fallback[0].region}), and
 * their values, with every secret already hidden: {@code admin.token} is {@code ***}, and every URL
 * ({@code upstream.url}, {@code store.s3.endpoint} and its fallbacks', each route's {@code redirect}) loses its user
 * info, query and fragment. The dump ({@code check-config --print-config}), the status page and the startup banner
 * render this view, never the config itself, so none of them can show a secret. S3 credentials are never part of the
 * config (they come from the AWS default chain), so there is nothing of theirs to hide.
 *
 * <p>A value is a String (names of choices in lower case, URLs redacted), a Number, a Boolean, a Duration, a Path, the
 * list of sizes, the list of {@link AddressRange}s ({@code admin.allow}), or the map of placeholder kinds; {@code null} for an optional key left unset.
 */
public final class ConfigView {
    static final String HIDDEN = "***";

    /** One key and its value; the value is null when the key is unset. */
    public record Entry(String key, Object value) {
    }

    private final Map<String, Object> values = new LinkedHashMap<>();

    private ConfigView() {
    }

    public static ConfigView of(OffloadConfig config) {
        ConfigView view = new ConfigView();
        ServerConfig server = config.server();
        view.put("server.host", server.host()).put("server.port", server.port())
                .put("server.idleTimeout", server.idleTimeout()).put("server.headerTimeout", server.headerTimeout())
                .put("server.maxConnections", server.maxConnections());
        UpstreamConfig upstream = config.upstream();
        view.put("upstream.url", upstream.url().map(ConfigView::url).orElse(null))
                .put("upstream.connectTimeout", upstream.connectTimeout())
                .put("upstream.idleTimeout", upstream.idleTimeout())
                .put("upstream.fetchTimeout", upstream.fetchTimeout())
                .put("upstream.requestTimeout", upstream.requestTimeout())
                .put("upstream.maxConnections", upstream.maxConnections())
                .put("upstream.trustForwardedHeaders", upstream.trustForwardedHeaders())
                .put("upstream.via", upstream.via())
                .put("upstream.errorPage", upstream.errorPage().map(ErrorPage::file).orElse(null));
        view.put("store.type", name(config.store().type()));
        if (config.store() instanceof S3StoreConfig s3) {
            view.bucket("store.s3", s3).put("store.s3.checksums", name(s3.checksums()))
                    .put("store.s3.connectTimeout", s3.timeouts().connect())
                    .put("store.s3.readTimeout", s3.timeouts().read()).put("store.s3.timeout", s3.timeouts().total());
            for (int i = 0; i < s3.fallback().size(); i++) {
                view.bucket("store.s3.fallback[" + i + "]", s3.fallback().get(i));
            }
        } else {
            view.put("store.file.dir", ((FileStoreConfig) config.store()).dir());
        }
        CacheConfig cache = config.cache();
        view.put("cache.dir", cache.dir()).put("cache.maxBytes", cache.maxBytes())
                .put("cache.memoryBytes", cache.memoryBytes());
        ImageConfig images = config.images();
        view.put("images.maxPixels", images.maxPixels()).put("images.maxBytes", images.maxBytes())
                .put("images.jpegQuality", images.jpegQuality());
        for (int i = 0; i < config.routes().size(); i++) view.route("routes[" + i + "]", config.routes().get(i));
        AdminConfig admin = config.admin();
        view.put("admin.path", admin.path()).put("admin.port", admin.ownPort() ? admin.port().getAsInt() : null);
        if (admin.ownPort()) view.put("admin.host", admin.host());
        view.put("admin.token", admin.token().isPresent() ? HIDDEN : null).put("admin.allow", admin.allow());
        view.put("log.access", name(config.log().access()))
                .put("log.accessFile", config.log().accessFile().orElse(null));
        return view;
    }

    /**
     * A URL fit for a log line: scheme, host, port and path; user info, query and fragment are {@code ***} when present
     * (a presigned or tokened URL carries its secret there).
     */
    public static String url(URI url) {
        StringBuilder text = new StringBuilder();
        // unix:/path has no authority, so no "//"
        if (url.getScheme() != null) text.append(url.getScheme()).append(url.getRawAuthority() != null ? "://" : ":");
        if (url.getRawUserInfo() != null) text.append(HIDDEN).append('@');
        if (url.getHost() != null) text.append(url.getHost()); // an IPv6 host comes in its brackets
        if (url.getPort() >= 0) text.append(':').append(url.getPort());
        if (url.getRawPath() != null) text.append(url.getRawPath());
        if (url.getRawQuery() != null) text.append('?').append(HIDDEN);
        if (url.getRawFragment() != null) text.append('#').append(HIDDEN);
        return text.toString();
    }

    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        values.forEach((key, value) -> entries.add(new Entry(key, value)));
        return Collections.unmodifiableList(entries);
    }

    /** Whether the key is in the view with a value. */
    public boolean isSet(String key) {
        return values.get(key) != null;
    }

    /** The value of a key that is set; an IllegalArgumentException when it is not, or not of that type. */
    public <T> T get(String key, Class<T> type) {
        Object value = values.get(key);
        if (!type.isInstance(value)) throw new IllegalArgumentException(key + " is not a set " + type.getSimpleName());
        return type.cast(value);
    }

    /** The value of a key that is set, as text ({@code toString}). */
    public String text(String key) {
        return get(key, Object.class).toString();
    }

    /** The value as text, when the key is set. */
    public Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).map(Object::toString);
    }

    public boolean flag(String key) {
        return Boolean.TRUE.equals(values.get(key));
    }

    /** How many items a list has: 2 when {@code routes[0]...} and {@code routes[1]...} are in the view. */
    public int count(String list) {
        int count = 0;
        for (String key : values.keySet()) {
            if (key.startsWith(list + "[" + count + "].")) count++; // items are in order, each key of one together
        }
        return count;
    }

    private ConfigView bucket(String at, S3StoreConfig s3) {
        put(at + ".bucket", s3.bucket()).put(at + ".region", s3.region());
        s3.endpoint().ifPresent(endpoint -> put(at + ".endpoint", url(endpoint)));
        return put(at + ".pathStyle", s3.pathStyle()).put(at + ".accelerate", s3.accelerate())
                .put(at + ".prefix", s3.prefix());
    }

    private void route(String at, RouteConfig route) {
        put(at + ".name", route.name()).put(at + ".path", route.path()).put(at + ".key", route.key())
                .put(at + ".sizes", route.sizes()).put(at + ".source", route.source());
        if (!route.values().isEmpty()) {
            Map<String, String> kinds = new TreeMap<>();
            route.values().forEach((placeholder, kind) -> kinds.put(placeholder, name(kind)));
            put(at + ".values", Collections.unmodifiableMap(kinds));
        }
        put(at + ".format", name(route.format()));
        route.quality().ifPresent(quality -> put(at + ".quality", quality));
        put(at + ".negotiateWebp", route.negotiateWebp());
        route.redirect().ifPresent(base -> put(at + ".redirect", url(base)));
    }

    private ConfigView put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** A choice as the file and the view write it: {@code off}, {@code when_required}. */
    public static String name(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT);
    }
}
