package org.avataroffload.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A mapping of the config being read, e.g. {@code store.s3}: the keys it may hold, and typed reads of them in which
 * an {@code OFFLOAD_} variable wins over the file. The file may lack the mapping; then every read sees the
 * environment or the default. Only YAML nodes are read, never constructed objects, so no tag can instantiate a class.
 */
final class Section {
    /** The tags plain YAML resolves to; any other (!!binary, !!set, !foo, ...) is refused. */
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP,
            Tag.MAP, Tag.SEQ);

    private final ConfigSource source;
    private final String path;
    private final String where;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private List<String> known = List.of();

    private Section(ConfigSource source, String path, Node node, String where) {
        this.source = source;
        this.path = path;
        this.where = where;
        if (node == null || isNull(node)) return;
        checkTag(node, path);
        if (!(node instanceof MappingNode mapping)) {
            throw fail(where, path, "expected a mapping, got " + describe(node));
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            // "<<" resolves to the merge tag; let it through to be reported as the unknown key it is here
            boolean plain = PLAIN_TAGS.contains(keyNode.getTag()) || Tag.MERGE.equals(keyNode.getTag());
            if (!(keyNode instanceof ScalarNode key) || !plain) {
                throw fail(source.at(keyNode), label(), "a key must be a plain name, got " + describe(keyNode));
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
                    + " store, cache, images, routes, admin, log) at the top level, got " + describe(document));
        }
        return new Section(source, "", document, source.file());
    }

    String path() {
        return path;
    }

    /** Declares the keys this section may hold and refuses any other, naming the known ones. */
    Section keys(String... names) {
        return keys(key -> "", names);
    }

    /** As {@link #keys(String...)}; {@code hint} adds advice for a particular unknown key (or returns ""). */
    Section keys(UnaryOperator<String> hint, String... names) {
        known = List.of(names);
        for (NodeTuple tuple : entries.values()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (!known.contains(key)) {
                throw fail(source.at(tuple.getKeyNode()), child(key),
                        "unknown key (known: " + String.join(", ", known) + ")" + hint.apply(key));
            }
        }
        return this;
    }

    /** Whether the file or the environment says anything about this section. */
    boolean isPresent() {
        return !entries.isEmpty() || source.hasVariablesUnder(ConfigSource.variableFor(path));
    }

    /** The value of a key, from its variable if set (an empty variable unsets the key), else from the file. */
    Optional<Scalar> scalar(String key, String expected) {
        String keyPath = child(key);
        String variable = ConfigSource.variableFor(keyPath);
        Optional<String> fromEnv = source.variable(variable);
        if (fromEnv.isPresent()) {
            return fromEnv.get().isEmpty() ? Optional.empty()
                    : Optional.of(new Scalar(keyPath, fromEnv.get(), ConfigSource.atVariable(variable)));
        }
        Node value = value(key);
        if (value == null || isNull(value)) return Optional.empty();
        return Optional.of(scalarOf(value, keyPath, expected));
    }

    Scalar required(String key, String expected) {
        return scalar(key, expected).orElseThrow(() -> missing(key));
    }

    String requiredString(String key) {
        return required(key, "a string").asString();
    }

    String string(String key, String defaultValue) {
        return scalar(key, "a string").map(Scalar::asString).orElse(defaultValue);
    }

    int integer(String key, int defaultValue) {
        return scalar(key, "an integer").map(Scalar::asInt).orElse(defaultValue);
    }

    long longInteger(String key, long defaultValue) {
        return scalar(key, "an integer").map(Scalar::asLong).orElse(defaultValue);
    }

    boolean bool(String key, boolean defaultValue) {
        return scalar(key, "true or false").map(Scalar::asBoolean).orElse(defaultValue);
    }

    Duration duration(String key, Duration defaultValue) {
        return scalar(key, "a duration").map(Scalar::asDuration).orElse(defaultValue);
    }

    long bytes(String key, long defaultValue) {
        return scalar(key, "a byte size").map(Scalar::asBytes).orElse(defaultValue);
    }

    Path directory(String key, Path defaultValue) {
        return scalar(key, "a directory").map(Scalar::asPath).orElse(defaultValue);
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue, boolean lowerCase) {
        return scalar(key, "a name").map(s -> s.asEnum(type, lowerCase)).orElse(defaultValue);
    }

    /**
     * A required, non-empty list of single values: a YAML list in the file, or a comma-separated variable
     * ({@code OFFLOAD_ROUTES_0_SIZES=24,48}).
     */
    List<Scalar> requiredScalars(String key, String expected) {
        String keyPath = child(key);
        String variable = ConfigSource.variableFor(keyPath);
        List<Scalar> items = new ArrayList<>();
        Optional<String> fromEnv = source.variable(variable);
        if (fromEnv.isPresent()) {
            if (fromEnv.get().isBlank()) throw missing(key);
            String[] parts = fromEnv.get().split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                items.add(new Scalar(keyPath + "[" + i + "]", parts[i].strip(), ConfigSource.atVariable(variable)));
            }
            return items;
        }
        Node value = value(key);
        if (value == null || isNull(value)) throw missing(key);
        checkTag(value, keyPath);
        if (!(value instanceof SequenceNode list)) {
            throw fail(key, "expected a list of " + plural(expected) + ", got " + describe(value));
        }
        for (int i = 0; i < list.getValue().size(); i++) {
            items.add(scalarOf(list.getValue().get(i), keyPath + "[" + i + "]", expected));
        }
        if (items.isEmpty()) throw fail(key, "must not be empty");
        return items;
    }

    /** A nested mapping; absent in the file is fine (its reads see the environment or the defaults). */
    Section section(String key) {
        String keyPath = child(key);
        String variable = ConfigSource.variableFor(keyPath);
        source.noteSection(variable, keyPath);
        Node value = value(key);
        String at = value != null ? source.at(value)
                : source.hasVariablesUnder(variable) ? ConfigSource.atVariable(variable + "_*") : where;
        return new Section(source, keyPath, value, at);
    }

    /**
     * A required, non-empty list of mappings. Variables may add items after the file's, by index
     * ({@code OFFLOAD_ROUTES_1_NAME} ...), but may not leave a gap.
     */
    List<Section> requiredSections(String key, String itemName) {
        return sections(key, itemName, true);
    }

    /** As {@link #requiredSections}, but absent or empty is an empty list. */
    List<Section> optionalSections(String key, String itemName) {
        return sections(key, itemName, false);
    }

    private List<Section> sections(String key, String itemName, boolean required) {
        String keyPath = child(key);
        String variable = ConfigSource.variableFor(keyPath);
        source.noteSection(variable, keyPath);
        Node value = value(key);
        List<Node> inFile = List.of();
        if (value != null && !isNull(value)) {
            checkTag(value, keyPath);
            if (!(value instanceof SequenceNode list)) {
                throw fail(key, "expected a list of " + itemName + "s, got " + describe(value));
            }
            inFile = list.getValue();
        }
        SortedSet<Integer> inEnv = source.indexesUnder(variable);
        int count = Math.max(inFile.size(), inEnv.isEmpty() ? 0 : inEnv.last() + 1);
        if (count == 0 && !required) return List.of();
        if (count == 0) {
            throw value == null || isNull(value) ? missing(key) : fail(key, "needs at least one " + itemName);
        }
        List<Section> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String itemPath = keyPath + "[" + i + "]";
            String itemVariable = ConfigSource.variableFor(itemPath);
            source.noteSection(itemVariable, itemPath);
            if (i < inFile.size()) {
                items.add(new Section(source, itemPath, inFile.get(i), source.at(inFile.get(i))));
            } else if (inEnv.contains(i)) {
                items.add(new Section(source, itemPath, null, ConfigSource.atVariable(itemVariable + "_*")));
            } else {
                int next = inEnv.tailSet(i).first();
                throw new ConfigException(ConfigSource.atVariable(variable + "_" + next + "_*") + ": " + keyPath + "["
                        + next + "]: leaves a gap: " + keyPath + " has " + i + " item(s), so the next index is " + i);
            }
        }
        return items;
    }

    /** Runs a record's constructor; its IllegalArgumentException becomes a one-line error at the key it names. */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw blame(e.getMessage());
        }
    }

    /** Runs a check of one key's value; its IllegalArgumentException becomes a one-line error at that key. */
    void check(String key, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw fail(key, e.getMessage());
        }
    }

    /** An error about a key, at its variable or line when it has one, else at this section. */
    ConfigException fail(String key, String what) {
        return fail(where(key), child(key), what);
    }

    ConfigException missing(String key) {
        return fail(key, "missing required value");
    }

    // the records say e.g. "server.port must be 0..65535" or (routes) "sizes repeat a value": find the key they name
    private ConfigException blame(String message) {
        String text = message == null ? "invalid value" : message;
        for (String key : known) {
            for (String named : List.of(child(key) + " ", key + " ")) {
                if (text.startsWith(named)) return fail(key, text.substring(named.length()));
            }
        }
        return fail(where, label(), text);
    }

    private String where(String key) {
        String variable = ConfigSource.variableFor(child(key));
        if (source.isUsed(variable)) return ConfigSource.atVariable(variable);
        Node value = value(key);
        return value != null ? source.at(value) : where;
    }

    private Node value(String key) {
        if (!known.contains(key)) throw new IllegalStateException("key " + key + " is not declared in " + path);
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    private Scalar scalarOf(Node node, String nodePath, String expected) {
        checkTag(node, nodePath);
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            throw fail(source.at(node), nodePath, "expected " + expected + ", got " + describe(node));
        }
        return new Scalar(nodePath, scalar.getValue(), source.at(node));
    }

    private void checkTag(Node node, String nodePath) {
        if (!PLAIN_TAGS.contains(node.getTag())) {
            throw fail(source.at(node), nodePath, "YAML tag " + shortTag(node.getTag()) + " is not allowed");
        }
    }

    private String label() {
        return path.isEmpty() ? "(top level)" : path;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static ConfigException fail(String where, String path, String what) {
        return new ConfigException(where + ": " + path + ": " + what);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    static String describe(Node node) {
        if (node == null || isNull(node)) return "nothing";
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        return Scalar.quote(((ScalarNode) node).getValue());
    }

    static String shortTag(Tag tag) {
        return tag.getValue().startsWith(Tag.PREFIX) ? "!!" + tag.getValue().substring(Tag.PREFIX.length())
                : tag.getValue();
    }

    private static String plural(String expected) {
        return expected.replaceFirst("^an? ", "") + "s";
    }
}
