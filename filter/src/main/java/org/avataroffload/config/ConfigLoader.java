package org.avataroffload.config;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the YAML config file, applies the environment's overrides, and validates everything into an
 * {@link OffloadConfig}. Any problem is one {@link ConfigException} whose message is one line:
 * {@code <file>:<line>: <key path>: <what is wrong>}.
 *
 * <p>The file is composed into YAML nodes and read node by node (SnakeYAML's node API, never its object
 * constructor), so no YAML tag can instantiate a class; tags other than plain YAML's are refused, and so are duplicate
 * keys, unknown keys and values of the wrong type. Relative paths stay relative to the working directory.
 * S3 credentials are never read from the file: the AWS SDK takes them from its default chain (environment, profile,
 * instance role).
 *
 * <p>Environment overrides:
 * <ul>
 *   <li>{@code OFFLOAD_<PATH>} sets one value: the key path's segments joined by {@code _}, in capitals, camelCase
 *       keys simply capitalised: {@code OFFLOAD_SERVER_PORT}, {@code OFFLOAD_STORE_S3_PATHSTYLE},
 *       {@code OFFLOAD_CACHE_MAXBYTES}, {@code OFFLOAD_UPSTREAM_URL}.</li>
 *   <li>List items by index: {@code OFFLOAD_ROUTES_0_SOURCE}. An index one past the file's last item adds an item
 *       (its required keys must then all be set); an index further on is an error.</li>
 *   <li>A list of sizes is one comma-separated value: {@code OFFLOAD_ROUTES_0_SIZES=24,48}.</li>
 *   <li>The environment wins over the file. A variable works even when the file lacks the section
 *       ({@code OFFLOAD_STORE_S3_BUCKET} with no {@code store.s3} in the file).</li>
 *   <li>An empty variable unsets the key: its default applies ({@code OFFLOAD_UPSTREAM_URL=} means no forum).</li>
 *   <li>Any other {@code OFFLOAD_} variable is an error naming it, so a typo cannot pass silently.
 *       {@code OFFLOAD_CONFIG} is the exception: it names the config file itself.</li>
 * </ul>
 * A value from a variable is reported with the variable instead of a line:
 * {@code env OFFLOAD_SERVER_PORT: server.port: expected an integer, got "eighty"}.
 */
public final class ConfigLoader {
    private static final Pattern CREDENTIAL_KEY =
            Pattern.compile("secret|access.?key|credential|password|token|profile", Pattern.CASE_INSENSITIVE);

    private ConfigLoader() {
    }

    /**
     * @param file the config file, named in messages as given
     * @param env  the environment (e.g. {@code System.getenv()}); only {@code OFFLOAD_} variables are read
     */
    public static OffloadConfig load(Path file, Map<String, String> env) {
        ConfigSource source = new ConfigSource(file, env);
        Section top = Section.top(source, compose(file, readText(file)))
                .keys("server", "upstream", "store", "cache", "images", "routes", "admin", "log");
        ServerConfig server = server(top.section("server"));
        UpstreamConfig upstream = upstream(top.section("upstream"));
        StoreConfig store = store(top.section("store"));
        CacheConfig cache = cache(top.section("cache"));
        ImageConfig images = images(top.section("images"));
        List<RouteConfig> routes = routes(top);
        AdminConfig admin = admin(top.section("admin"));
        LogConfig log = log(top.section("log"));
        OffloadConfig config =
                top.build(() -> new OffloadConfig(server, upstream, store, cache, images, routes, admin, log));
        source.requireAllVariablesUsed();
        return config;
    }

    private static ServerConfig server(Section section) {
        Section s = section.keys("host", "port", "idleTimeout", "headerTimeout", "maxConnections");
        String host = s.string("host", ServerConfig.DEFAULT.host());
        int port = s.integer("port", ServerConfig.DEFAULT.port());
        Duration idle = s.duration("idleTimeout", ServerConfig.DEFAULT_IDLE_TIMEOUT);
        Duration header = s.duration("headerTimeout", ServerConfig.DEFAULT_HEADER_TIMEOUT);
        int maxConnections = s.integer("maxConnections", ServerConfig.DEFAULT_MAX_CONNECTIONS);
        return s.build(() -> new ServerConfig(host, port, idle, header, maxConnections));
    }

    private static UpstreamConfig upstream(Section section) {
        Section s = section.keys("url", "connectTimeout", "idleTimeout", "fetchTimeout", "requestTimeout",
                "maxConnections", "trustForwardedHeaders", "via");
        Optional<URI> url = s.scalar("url", "a URL").map(Scalar::asHttpUrl);
        Duration connect = s.duration("connectTimeout", UpstreamConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration idle = s.duration("idleTimeout", UpstreamConfig.DEFAULT_IDLE_TIMEOUT);
        Duration fetch = s.duration("fetchTimeout", UpstreamConfig.DEFAULT_FETCH_TIMEOUT);
        Duration request = s.duration("requestTimeout", UpstreamConfig.DEFAULT_REQUEST_TIMEOUT);
        int maxConnections = s.integer("maxConnections", UpstreamConfig.DEFAULT_MAX_CONNECTIONS);
        boolean trustForwarded = s.bool("trustForwardedHeaders", false);
        boolean via = s.bool("via", false);
        return s.build(() -> new UpstreamConfig(url, connect, idle, fetch, request, maxConnections, trustForwarded,
                via));
    }

    private static StoreConfig store(Section section) {
        Section s = section.keys("type", "file", "s3");
        StoreConfig.Type type = s.choice("type", StoreConfig.Type.class, StoreConfig.Type.FILE, true);
        Section fileSection = s.section("file").keys("dir");
        Path dir = fileSection.directory("dir", FileStoreConfig.DEFAULT_DIR);
        FileStoreConfig file = fileSection.build(() -> new FileStoreConfig(dir));
        // an s3 section that is written down is checked even while type is file, so it is ready when switched on
        Section s3Section = s.section("s3");
        S3StoreConfig s3 = type == StoreConfig.Type.S3 || s3Section.isPresent() ? s3(s3Section) : null;
        return s.build(() -> new StoreConfig(type, file, s3));
    }

    private static S3StoreConfig s3(Section section) {
        Section s = section.keys(key -> CREDENTIAL_KEY.matcher(key).find()
                        ? "; S3 credentials are never read from this file: they come from the AWS default chain"
                          + " (env, profile, instance role)" : "",
                "bucket", "region", "endpoint", "pathStyle", "accelerate", "prefix", "checksums", "fallback",
                "connectTimeout", "readTimeout", "timeout");
        String bucket = s.requiredString("bucket");
        String region = s.requiredString("region");
        Optional<URI> endpoint = s.scalar("endpoint", "a URL").map(Scalar::asHttpUrl);
        boolean pathStyle = s.bool("pathStyle", false);
        boolean accelerate = s.bool("accelerate", false);
        String prefix = s.string("prefix", "");
        S3StoreConfig.ChecksumMode checksums = s.choice("checksums", S3StoreConfig.ChecksumMode.class,
                S3StoreConfig.ChecksumMode.WHEN_REQUIRED, false);
        S3StoreConfig.Timeouts timeouts = s3Timeouts(s);
        List<S3StoreConfig> fallback = new ArrayList<>();
        for (Section item : s.optionalSections("fallback", "bucket")) fallback.add(fallback(item, checksums, timeouts));
        return s.build(() -> new S3StoreConfig(bucket, region, endpoint, pathStyle, accelerate, prefix, checksums,
                fallback, timeouts));
    }

    /** Connect, first byte (read) and total time of one S3 call; the message names the key at fault. */
    private static S3StoreConfig.Timeouts s3Timeouts(Section s) {
        S3StoreConfig.Timeouts defaults = S3StoreConfig.Timeouts.DEFAULT;
        Duration connect = s.duration("connectTimeout", defaults.connect());
        Duration read = s.duration("readTimeout", defaults.read());
        Duration total = s.duration("timeout", defaults.total());
        return s.build(() -> new S3StoreConfig.Timeouts(connect, read, total));
    }

    /**
     * An older bucket masters are looked up in (same layout as the primary); it shares the primary's checksums and
     * timeouts.
     */
    private static S3StoreConfig fallback(Section section, S3StoreConfig.ChecksumMode checksums,
                                          S3StoreConfig.Timeouts timeouts) {
        Section s = section.keys("bucket", "region", "endpoint", "pathStyle", "accelerate", "prefix");
        String bucket = s.requiredString("bucket");
        String region = s.requiredString("region");
        Optional<URI> endpoint = s.scalar("endpoint", "a URL").map(Scalar::asHttpUrl);
        boolean pathStyle = s.bool("pathStyle", false);
        boolean accelerate = s.bool("accelerate", false);
        String prefix = s.string("prefix", "");
        return s.build(() -> new S3StoreConfig(bucket, region, endpoint, pathStyle, accelerate, prefix, checksums,
                List.of(), timeouts));
    }

    private static CacheConfig cache(Section section) {
        Section s = section.keys("dir", "maxBytes", "memoryBytes");
        Path dir = s.directory("dir", CacheConfig.DEFAULT_DIR);
        long maxBytes = s.bytes("maxBytes", CacheConfig.DEFAULT_MAX_BYTES);
        long memoryBytes = s.bytes("memoryBytes", CacheConfig.DEFAULT_MEMORY_BYTES);
        return s.build(() -> new CacheConfig(dir, maxBytes, memoryBytes));
    }

    private static ImageConfig images(Section section) {
        Section s = section.keys("maxPixels", "maxBytes", "jpegQuality");
        long maxPixels = s.longInteger("maxPixels", ImageConfig.DEFAULT.maxPixels());
        long maxBytes = s.bytes("maxBytes", ImageConfig.DEFAULT.maxBytes());
        int jpegQuality = s.integer("jpegQuality", ImageConfig.DEFAULT.jpegQuality());
        return s.build(() -> new ImageConfig(maxPixels, maxBytes, jpegQuality));
    }

    private static List<RouteConfig> routes(Section top) {
        List<RouteConfig> routes = new ArrayList<>();
        Map<String, String> pathByName = new HashMap<>();
        for (Section item : top.requiredSections("routes", "route")) {
            RouteConfig route = route(item);
            String earlier = pathByName.putIfAbsent(route.name(), item.path());
            if (earlier != null) {
                throw item.fail("name", Scalar.quote(route.name()) + " is already the name of " + earlier);
            }
            routes.add(route);
        }
        return routes;
    }

    private static RouteConfig route(Section item) {
        Section s = item.keys("name", "path", "key", "sizes", "source", "values", "format", "quality", "negotiateWebp",
                "redirect");
        String name = s.requiredString("name");
        String path = s.requiredString("path");
        String key = s.requiredString("key");
        List<Integer> sizes = new ArrayList<>();
        for (Scalar size : s.requiredScalars("sizes", "an integer")) {
            int value = size.asInt();
            if (value < RouteConfig.MIN_SIZE || value > RouteConfig.MAX_SIZE) {
                throw size.fail("size " + value + " is outside " + RouteConfig.MIN_SIZE + ".." + RouteConfig.MAX_SIZE);
            }
            if (sizes.contains(value)) throw size.fail("size " + value + " is listed twice");
            sizes.add(value);
        }
        String source = s.requiredString("source");
        // the record would say "bad placeholder" without saying which template: check each at its own line
        s.check("path", () -> RouteConfig.matchablePlaceholders(path));
        s.check("key", () -> RouteConfig.placeholders(key));
        s.check("source", () -> RouteConfig.placeholders(source));
        Map<String, ValueKind> values = values(s.section("values"), path);
        OutputFormat format = s.choice("format", OutputFormat.class, OutputFormat.SOURCE, true);
        OptionalInt quality = s.scalar("quality", "an integer").map(q -> OptionalInt.of(q.asInt())).orElse(OptionalInt.empty());
        boolean negotiateWebp = s.bool("negotiateWebp", false);
        Optional<URI> redirect = s.scalar("redirect", "a URL").map(Scalar::asHttpUrl);
        return s.build(() -> new RouteConfig(name, path, key, sizes, source, values, format, quality, negotiateWebp,
                redirect));
    }

    /** {@code values:} names a kind for some of the path's placeholders; its keys are exactly those placeholders. */
    private static Map<String, ValueKind> values(Section section, String path) {
        List<String> placeholders = new ArrayList<>(RouteConfig.placeholders(path));
        placeholders.remove(RouteConfig.SIZE);
        Section s = section.keys(placeholders.toArray(String[]::new));
        Map<String, ValueKind> values = new HashMap<>();
        for (String placeholder : placeholders) {
            ValueKind kind = s.choice(placeholder, ValueKind.class, ValueKind.TEXT, true);
            if (kind != ValueKind.TEXT) values.put(placeholder, kind);
        }
        return values;
    }

    /** {@code admin.token} is best set by OFFLOAD_ADMIN_TOKEN, so the file holds no secret. */
    private static AdminConfig admin(Section section) {
        Section s = section.keys("path", "port", "host", "token");
        String path = s.string("path", AdminConfig.DEFAULT.path());
        OptionalInt port = s.scalar("port", "an integer").map(p -> OptionalInt.of(p.asInt())).orElse(OptionalInt.empty());
        Optional<String> host = s.scalar("host", "a host name or address").map(Scalar::asString);
        if (host.isPresent() && port.isEmpty()) {
            throw s.fail("host", "is only used with admin.port (the admin endpoints' own connector); without it they are"
                    + " served on server.port");
        }
        Optional<String> token = s.scalar("token", "a string").map(Scalar::asString);
        return s.build(() -> new AdminConfig(path, port, host.orElse(AdminConfig.DEFAULT_HOST), token));
    }

    private static LogConfig log(Section section) {
        Section s = section.keys("access", "accessFile");
        LogConfig.AccessFormat access = s.choice("access", LogConfig.AccessFormat.class, LogConfig.DEFAULT.access(), true);
        Optional<Path> accessFile = s.scalar("accessFile", "a file").map(Scalar::asPath);
        return s.build(() -> new LogConfig(access, accessFile));
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": cannot read it: permission denied", e);
        } catch (MalformedInputException e) {
            throw new ConfigException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** The document's node tree; SnakeYAML's default options still refuse global tags and alias bombs. */
    private static Node compose(Path file, String text) {
        LoaderOptions options = new LoaderOptions();
        Node document;
        try {
            document = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(),
                    options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            String at = mark == null ? file.toString() : file + ":" + (mark.getLine() + 1);
            throw new ConfigException(at + ": invalid YAML: " + readable(problem), e);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": invalid YAML: " + readable(e.getMessage()), e);
        }
        if (document == null) {
            throw new ConfigException(file + ": the file is empty; it needs at least a routes section");
        }
        return document;
    }

    private static String readable(String problem) {
        return problem == null ? "unreadable" : problem.replace(Tag.PREFIX, "!!");
    }
}
