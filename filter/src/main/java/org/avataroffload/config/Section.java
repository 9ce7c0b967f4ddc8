package org.avataroffload.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A mapping of the config being read, e.g. {@code store.s3}. Its reader asks for each key once, as a typed read that
 * also declares the key; {@link #build} then refuses any key nobody asked for (naming the known ones), runs the reads
 * in the order they were asked for and constructs the record. In every read an {@code OFFLOAD_} variable wins over the
 * file. The file may lack the mapping; then every read sees the environment or the default. Only YAML nodes are read,
 * never constructed objects, so no tag can instantiate a class.
 */
final class Section {

    private final ConfigSource source;
    private final String path;
    private final String where;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    /** The keys asked for, in order: the only ones this section may hold. */
    private final List<String> known = new ArrayList<>();
    /** The reads and checks asked for, run by {@link #build} in this order. */
    private final List<Supplier<?>> reads = new ArrayList<>();
    private UnaryOperator<String> hint = key -> "";

    Section(ConfigSource source, String path, Node node, String where) {
        this.source = source;
        this.path = path;
        this.where = where;
        if (node == null || YamlNodes.isNull(node)) return;
        YamlNodes.checkTag(source, node, path);
        if (!(node instanceof MappingNode mapping)) {
            throw fail(where, path, "expected a mapping, got " + YamlNodes.describe(node));
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            // "<<" resolves to the merge tag; let it through to be reported as the unknown key it is here
            boolean plain = YamlNodes.PLAIN_TAGS.contains(keyNode.getTag()) || Tag.MERGE.equals(keyNode.getTag());
            if (!(keyNode instanceof ScalarNode key) || !plain) {
                throw fail(source.at(keyNode), label(),
                        "a key must be a plain name, got " + YamlNodes.describe(keyNode));
            }
            NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
            if (first != null) {
                throw fail(source.at(keyNode), child(key.getValue()),
                        "duplicate key (first at line " + (first.getKeyNode().getStartMark().getLine() + 1) + ")");
            }
        }
    }

    /** The top level of the file: a mapping of sections. Errors about it name the file without a line. */
    static Section top(ConfigSource source, Node document) {
        if (!(document instanceof MappingNode)) {
            throw new ConfigException(source.at(document) + ": expected a mapping of sections (server, upstream,"
                    + " store, cache, images, routes, admin, log) at the top level, got "
                    + YamlNodes.describe(document));
        }
        return new Section(source, "", document, source.file());
    }

    String path() {
        return path;
    }

    ConfigSource source() {
        return source;
    }

    /** Advice added to the error about a particular unknown key ("" for none). */
    Section hint(UnaryOperator<String> unknownKeyHint) {
        this.hint = unknownKeyHint;
        return this;
    }

    /** Whether the file or the environment says anything about this section. */
    boolean isPresent() {
        return !entries.isEmpty() || source.hasVariablesUnder(ConfigSource.variableFor(path));
    }

    /** Asks for a key: {@code read} runs once, at {@link #build}, after the unknown keys are refused. */
    private <T> Supplier<T> read(String key, Supplier<T> read) {
        known.add(key);
        return later(read);
    }

    private <T> Supplier<T> later(Supplier<T> read) {
        Supplier<T> once = new Supplier<>() {
            private boolean done;
            private T value;

            @Override
            public T get() {
                if (!done) {
                    value = read.get();
                    done = true;
                }
                return value;
            }
        };
        reads.add(once);
        return once;
    }

    /** A single value, converted; absent when neither its variable nor the file sets it. */
    <T> Supplier<Optional<T>> optional(String key, String expected, Function<Scalar, T> convert) {
        return read(key, () -> scalar(key, expected).map(convert));
    }

    <T> Supplier<T> value(String key, String expected, Function<Scalar, T> convert, T defaultValue) {
        return read(key, () -> scalar(key, expected).map(convert).orElse(defaultValue));
    }

    Supplier<String> requiredString(String key) {
        return read(key, () -> scalar(key, "a string").orElseThrow(() -> missing(key)).asString());
    }

    Supplier<String> string(String key, String defaultValue) {
        return value(key, "a string", Scalar::asString, defaultValue);
    }

    Supplier<Integer> integer(String key, int defaultValue) {
        return value(key, "an integer", Scalar::asInt, defaultValue);
    }

    Supplier<Long> longInteger(String key, long defaultValue) {
        return value(key, "an integer", Scalar::asLong, defaultValue);
    }

    Supplier<Boolean> bool(String key, boolean defaultValue) {
        return value(key, "true or false", Scalar::asBoolean, defaultValue);
    }

    /** A switch: off unless set to true. */
    Supplier<Boolean> flag(String key) {
        return bool(key, false);
    }

    Supplier<Duration> duration(String key, Duration defaultValue) {
        return value(key, "a duration", Scalar::asDuration, defaultValue);
    }

    Supplier<Long> bytes(String key, long defaultValue) {
        return value(key, "a byte size", Scalar::asBytes, defaultValue);
    }

    Supplier<Path> directory(String key, Path defaultValue) {
        return value(key, "a directory", Scalar::asPath, defaultValue);
    }

    <E extends Enum<E>> Supplier<E> choice(String key, Class<E> type, E defaultValue, boolean lowerCase) {
        return value(key, "a name", s -> s.asEnum(type, lowerCase), defaultValue);
    }

    /**
     * A required, non-empty list of single values: a YAML list in the file, or a comma-separated variable
     * ({@code OFFLOAD_ROUTES_0_SIZES=24,48}).
     */
    Supplier<List<Scalar>> requiredScalars(String key, String expected) {
        return read(key, () -> Lists.scalars(this, key, expected));
    }

    /** As {@link #requiredScalars}, but absent (or unset by an empty variable) is empty. */
    Supplier<Optional<List<Scalar>>> optionalScalars(String key, String expected) {
        return read(key, () -> Lists.optionalScalars(this, key, expected));
    }

    /** A nested mapping, read by {@code reader}; absent in the file is fine (it sees the environment or defaults). */
    <T> Supplier<T> section(String key, Function<Section, T> reader) {
        String keyPath = child(key);
        String variable = ConfigSource.variableFor(keyPath);
        source.noteSection(variable, keyPath);
        return read(key, () -> {
            Node value = value(key);
            String at = value != null ? source.at(value)
                    : source.hasVariablesUnder(variable) ? ConfigSource.atVariable(variable + "_*") : where;
            return reader.apply(new Section(source, keyPath, value, at));
        });
    }

    /**
     * A required, non-empty list of mappings, each read by {@code reader}. Variables may add items after the file's,
     * by index ({@code OFFLOAD_ROUTES_1_NAME} ...), but may not leave a gap.
     */
    <T> Supplier<List<T>> requiredSections(String key, String itemName, Function<Section, T> reader) {
        source.noteSection(ConfigSource.variableFor(child(key)), child(key));
        return read(key, () -> Lists.sections(this, key, itemName, true).stream().map(reader).toList());
    }

    /** As {@link #requiredSections}, but absent or empty is an empty list. */
    <T> Supplier<List<T>> optionalSections(String key, String itemName, Function<Section, T> reader) {
        source.noteSection(ConfigSource.variableFor(child(key)), child(key));
        return read(key, () -> Lists.sections(this, key, itemName, false).stream().map(reader).toList());
    }

    /** A check of one key's value, run after the reads asked for before it; its exception names that key. */
    void check(String key, Runnable check) {
        later(() -> {
            try {
                check.run();
            } catch (IllegalArgumentException e) {
                throw fail(key, e.getMessage());
            }
            return null;
        });
    }

    /** The value of a key, from its variable if set (an empty variable unsets the key), else from the file. */
    private Optional<Scalar> scalar(String key, String expected) {
        String keyPath = child(key);
        String variable = ConfigSource.variableFor(keyPath);
        Optional<String> fromEnv = source.variable(variable);
        if (fromEnv.isPresent()) {
            return fromEnv.get().isEmpty() ? Optional.empty()
                    : Optional.of(new Scalar(keyPath, fromEnv.get(), ConfigSource.atVariable(variable)));
        }
        Node value = value(key);
        if (value == null || YamlNodes.isNull(value)) return Optional.empty();
        return Optional.of(YamlNodes.scalarOf(source, value, keyPath, expected));
    }

    /** Refuses the keys nobody asked for, runs the reads, then the record's constructor. */
    <T> T build(Supplier<T> constructor) {
        return build(field -> field, constructor);
    }

    /**
     * As {@link #build(Supplier)}; the constructor's {@link InvalidFieldException} becomes a one-line error at the key
     * {@code keyOfField} names for its field (a plain IllegalArgumentException, at this section).
     */
    <T> T build(UnaryOperator<String> keyOfField, Supplier<T> constructor) {
        for (NodeTuple tuple : entries.values()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (!known.contains(key)) {
                throw fail(source.at(tuple.getKeyNode()), child(key),
                        "unknown key (known: " + String.join(", ", known) + ")" + hint.apply(key));
            }
        }
        reads.forEach(Supplier::get);
        try {
            return constructor.get();
        } catch (InvalidFieldException e) {
            throw fail(keyOfField.apply(e.field()), e.problem());
        } catch (IllegalArgumentException e) {
            throw fail(where, label(), e.getMessage() == null ? "invalid value" : e.getMessage());
        }
    }

    /** An error about a key, at its variable or line when it has one, else at this section. */
    ConfigException fail(String key, String what) {
        return fail(where(key), child(key), what);
    }

    ConfigException missing(String key) {
        return fail(key, "missing required value");
    }

    private String where(String key) {
        String variable = ConfigSource.variableFor(child(key));
        if (source.isUsed(variable)) return ConfigSource.atVariable(variable);
        Node value = value(key);
        return value != null ? source.at(value) : where;
    }

    Node value(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    private String label() {
        return path.isEmpty() ? "(top level)" : path;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static ConfigException fail(String where, String path, String what) {
        return new ConfigException(where + ": " + path + ": " + what);
    }
}
