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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
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
        Section top = Section.top(source, compose(file, readText(file)));
        Supplier<ServerConfig> server = top.section("server", ConfigLoader::server);
        Supplier<UpstreamConfig> upstream = top.section("upstream", ConfigLoader::upstream);
        Supplier<StoreConfig> store = top.section("store", ConfigLoader::store);
        Supplier<CacheConfig> cache = top.section("cache", ConfigLoader::cache);
        Supplier<ImageConfig> images = top.section("images", ConfigLoader::images);
        Map<String, String> pathByName = new HashMap<>();
        Supplier<List<RouteConfig>> routes = top.requiredSections("routes", "route", item -> {
            RouteConfig route = RouteKeys.read(item);
            String earlier = pathByName.putIfAbsent(route.name(), item.path());
            if (earlier != null) {
                throw item.fail("name", Scalar.quote(route.name()) + " is already the name of " + earlier);
            }
            return route;
        });
        Supplier<AdminConfig> admin = top.section("admin", ConfigLoader::admin);
        Supplier<LogConfig> log = top.section("log", ConfigLoader::log);
        OffloadConfig config = top.build(() -> new OffloadConfig(server.get(), upstream.get(), store.get(), cache.get(),
                images.get(), routes.get(), admin.get(), log.get()));
        source.requireAllVariablesUsed();
        return config;
    }

    private static ServerConfig server(Section s) {
        ServerConfig defaults = ServerConfig.DEFAULT;
        Supplier<String> host = s.string("host", defaults.host());
        Supplier<Integer> port = s.integer("port", defaults.port());
        Supplier<Duration> idle = s.duration("idleTimeout", defaults.idleTimeout());
        Supplier<Duration> header = s.duration("headerTimeout", defaults.headerTimeout());
        Supplier<Integer> maxConnections = s.integer("maxConnections", defaults.maxConnections());
        return s.build(() -> new ServerConfig(host.get(), port.get(), idle.get(), header.get(), maxConnections.get()));
    }

    private static UpstreamConfig upstream(Section s) {
        UpstreamConfig defaults = UpstreamConfig.DEFAULT;
        Supplier<Optional<URI>> url = s.optional("url", "a URL", Scalar::asForumUrl);
        DemoFlag.read(s, url);
        Supplier<Duration> connect = s.duration("connectTimeout", defaults.connectTimeout());
        Supplier<Duration> idle = s.duration("idleTimeout", defaults.idleTimeout());
        Supplier<Duration> fetch = s.duration("fetchTimeout", defaults.fetchTimeout());
        Supplier<Duration> request = s.duration("requestTimeout", defaults.requestTimeout());
        Supplier<Integer> maxConnections = s.integer("maxConnections", defaults.maxConnections());
        Supplier<Boolean> trustForwarded = s.bool("trustForwardedHeaders", defaults.trustForwardedHeaders());
        Supplier<Boolean> via = s.bool("via", defaults.via());
        Supplier<Optional<ErrorPage>> errorPage = s.optional("errorPage", "a file", Scalar::asErrorPage);
        return s.build(() -> new UpstreamConfig(url.get(), connect.get(), idle.get(), fetch.get(), request.get(),
                maxConnections.get(), trustForwarded.get(), via.get(), errorPage.get()));
    }

    private static StoreConfig store(Section s) {
        Supplier<StoreConfig.Type> type = s.choice("type", StoreConfig.Type.class, StoreConfig.DEFAULT.type(), true);
        Supplier<FileStoreConfig> file = s.section("file", f -> {
            Supplier<Path> dir = f.directory("dir", FileStoreConfig.DEFAULT.dir());
            return f.build(() -> new FileStoreConfig(dir.get()));
        });
        // an s3 section that is written down is checked even while type is file, so it is ready when switched on
        Supplier<Optional<S3StoreConfig>> s3 = s.section("s3", section -> type.get() == StoreConfig.Type.S3
                || section.isPresent() ? Optional.of(s3(section)) : Optional.empty());
        return s.build(() -> type.get() == StoreConfig.Type.S3 ? s3.get().orElseThrow() : file.get());
    }

    private static S3StoreConfig s3(Section s) {
        s.hint(key -> CREDENTIAL_KEY.matcher(key).find()
                ? "; S3 credentials are never read from this file: they come from the AWS default chain"
                  + " (env, profile, instance role)" : "");
        BucketKeys bucket = BucketKeys.read(s);
        Supplier<S3StoreConfig.ChecksumMode> checksums = s.choice("checksums", S3StoreConfig.ChecksumMode.class,
                S3StoreConfig.DEFAULT_CHECKSUMS, false);
        // an older bucket masters are looked up in (same layout); it takes the primary's checksums and timeouts
        Supplier<List<S3StoreConfig>> fallback = s.optionalSections("fallback", "bucket", item -> {
            BucketKeys older = BucketKeys.read(item);
            return item.build(() -> older.config(S3StoreConfig.DEFAULT_CHECKSUMS, List.of(),
                    S3StoreConfig.Timeouts.DEFAULT));
        });
        S3StoreConfig.Timeouts defaults = S3StoreConfig.Timeouts.DEFAULT;
        Supplier<Duration> connect = s.duration("connectTimeout", defaults.connect());
        Supplier<Duration> read = s.duration("readTimeout", defaults.read());
        Supplier<Duration> total = s.duration("timeout", defaults.total());
        return s.build(ConfigLoader::s3Key, () -> {
            S3StoreConfig.Timeouts timeouts = new S3StoreConfig.Timeouts(connect.get(), read.get(), total.get());
            return bucket.config(checksums.get(),
                    fallback.get().stream().map(older -> older.sharing(checksums.get(), timeouts)).toList(), timeouts);
        });
    }

    /** The key of a field of S3StoreConfig or of its timeouts. */
    private static String s3Key(String field) {
        return switch (field) {
            case "connect" -> "connectTimeout";
            case "read" -> "readTimeout";
            case "total" -> "timeout";
            default -> field;
        };
    }

    private static CacheConfig cache(Section s) {
        CacheConfig defaults = CacheConfig.DEFAULT;
        Supplier<Path> dir = s.directory("dir", defaults.dir());
        Supplier<Long> maxBytes = s.bytes("maxBytes", defaults.maxBytes());
        Supplier<Long> memoryBytes = s.bytes("memoryBytes", defaults.memoryBytes());
        return s.build(() -> new CacheConfig(dir.get(), maxBytes.get(), memoryBytes.get()));
    }

    private static ImageConfig images(Section s) {
        ImageConfig defaults = ImageConfig.DEFAULT;
        Supplier<Long> maxPixels = s.longInteger("maxPixels", defaults.maxPixels());
        Supplier<Long> maxBytes = s.bytes("maxBytes", defaults.maxBytes());
        Supplier<Integer> jpegQuality = s.integer("jpegQuality", defaults.jpegQuality());
        return s.build(() -> new ImageConfig(maxPixels.get(), maxBytes.get(), jpegQuality.get()));
    }

    /**
     * {@code admin.token} is best set by OFFLOAD_ADMIN_TOKEN, so the file holds no secret. {@code admin.allow} left
     * unset takes its default for the token: the private ranges without one, any address with one.
     */
    private static AdminConfig admin(Section s) {
        AdminConfig defaults = AdminConfig.DEFAULT;
        Supplier<String> path = s.string("path", defaults.path());
        Supplier<Optional<Integer>> port = s.optional("port", "an integer", Scalar::asInt);
        Supplier<Optional<String>> host = s.optional("host", "a host name or address", Scalar::asString);
        s.check("host", () -> {
            if (host.get().isPresent() && port.get().isEmpty()) {
                throw new IllegalArgumentException("is only used with admin.port (the admin endpoints' own"
                        + " connector); without it they are served on server.port");
            }
        });
        Supplier<Optional<String>> token = s.optional("token", "a string", Scalar::asString);
        Supplier<Optional<List<Scalar>>> allow = s.optionalScalars("allow", "an address range");
        return s.build(() -> new AdminConfig(path.get(), optionalInt(port.get()), host.get().orElse(defaults.host()),
                token.get(), allow.get().map(items -> items.stream().map(ConfigLoader::addressRange).toList())
                        .orElseGet(() -> AdminConfig.defaultAllow(token.get()))));
    }

    /** One item of admin.allow; a bad one is reported at its line or variable, as {@code admin.allow[1]}. */
    private static AddressRange addressRange(Scalar item) {
        try {
            return AddressRange.parse(item.text());
        } catch (IllegalArgumentException e) {
            throw item.fail(e.getMessage());
        }
    }

    private static LogConfig log(Section s) {
        Supplier<LogConfig.AccessFormat> access = s.choice("access", LogConfig.AccessFormat.class,
                LogConfig.DEFAULT.access(), true);
        Supplier<Optional<Path>> accessFile = s.optional("accessFile", "a file", Scalar::asPath);
        return s.build(() -> new LogConfig(access.get(), accessFile.get()));
    }

    static OptionalInt optionalInt(Optional<Integer> value) {
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
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
