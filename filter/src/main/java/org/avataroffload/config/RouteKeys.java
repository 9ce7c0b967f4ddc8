package org.avataroffload.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The keys of one {@code routes} item: its templates, sizes, values, output and redirect mode. */
final class RouteKeys {
    private RouteKeys() {
    }

    static RouteConfig read(Section s) {
        Supplier<String> name = s.requiredString("name");
        Supplier<String> path = s.requiredString("path");
        Supplier<String> key = s.requiredString("key");
        Supplier<List<Scalar>> sizeValues = s.requiredScalars("sizes", "an integer");
        Supplier<String> source = s.requiredString("source");
        // the record would say "bad placeholder" without saying which template: check each at its own line
        s.check("path", () -> RouteConfig.matchablePlaceholders(path.get()));
        s.check("key", () -> RouteConfig.placeholders(key.get()));
        s.check("source", () -> RouteConfig.placeholders(source.get()));
        Supplier<Map<String, ValueKind>> values = s.section("values", v -> values(v, path.get()));
        Supplier<OutputFormat> format = s.choice("format", OutputFormat.class, RouteConfig.DEFAULT_FORMAT, true);
        Supplier<Optional<Integer>> quality = s.optional("quality", "an integer", Scalar::asInt);
        Supplier<Boolean> negotiateWebp = s.flag("negotiateWebp");
        Supplier<Optional<URI>> redirect = s.optional("redirect", "a URL", Scalar::asHttpUrl);
        return s.build(() -> new RouteConfig(name.get(), path.get(), key.get(), sizes(sizeValues.get()), source.get(),
                values.get(), format.get(), ConfigLoader.optionalInt(quality.get()), negotiateWebp.get(), redirect.get()));
    }

    /** Each size at its own line: the record would not say which item is at fault. */
    private static List<Integer> sizes(List<Scalar> items) {
        List<Integer> sizes = new ArrayList<>();
        for (Scalar size : items) {
            int value = size.asInt();
            if (value < RouteConfig.MIN_SIZE || value > RouteConfig.MAX_SIZE) {
                throw size.fail("size " + value + " is outside " + RouteConfig.MIN_SIZE + ".." + RouteConfig.MAX_SIZE);
            }
            if (sizes.contains(value)) throw size.fail("size " + value + " is listed twice");
            sizes.add(value);
        }
        return sizes;
    }

    /** {@code values:} names a kind for some of the path's placeholders; its keys are exactly those placeholders. */
    private static Map<String, ValueKind> values(Section s, String path) {
        List<String> placeholders = new ArrayList<>(RouteConfig.placeholders(path));
        placeholders.remove(RouteConfig.SIZE);
        Map<String, Supplier<ValueKind>> kinds = new LinkedHashMap<>();
        for (String placeholder : placeholders) {
            kinds.put(placeholder, s.choice(placeholder, ValueKind.class, RouteConfig.DEFAULT_KIND, true));
        }
        return s.build(() -> {
            Map<String, ValueKind> values = new HashMap<>();
            kinds.forEach((placeholder, kind) -> {
                if (kind.get() != RouteConfig.DEFAULT_KIND) values.put(placeholder, kind.get());
            });
            return values;
        });
    }
}
