package org.avataroffload.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The lists of the config, of values ({@code sizes}) or of mappings ({@code routes}), from file and environment. */
final class Lists {
    private Lists() {
    }

    /** A non-empty list of single values: a YAML list, or a comma-separated variable. */
    static List<Scalar> scalars(Section section, String key, String expected) {
        ConfigSource source = section.source();
        String keyPath = section.child(key);
        String variable = ConfigSource.variableFor(keyPath);
        List<Scalar> items = new ArrayList<>();
        Optional<String> fromEnv = source.variable(variable);
        if (fromEnv.isPresent()) {
            if (fromEnv.get().isBlank()) throw section.missing(key);
            String[] parts = fromEnv.get().split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                items.add(new Scalar(keyPath + "[" + i + "]", parts[i].strip(), ConfigSource.atVariable(variable)));
            }
            return items;
        }
        Node value = section.value(key);
        if (value == null || YamlNodes.isNull(value)) throw section.missing(key);
        YamlNodes.checkTag(source, value, keyPath);
        if (!(value instanceof SequenceNode list)) {
            throw section.fail(key, "expected a list of " + YamlNodes.plural(expected) + ", got "
                    + YamlNodes.describe(value));
        }
        for (int i = 0; i < list.getValue().size(); i++) {
            items.add(YamlNodes.scalarOf(source, list.getValue().get(i), keyPath + "[" + i + "]", expected));
        }
        if (items.isEmpty()) throw section.fail(key, "must not be empty");
        return items;
    }

    /** As {@link #scalars}, but empty when neither the file nor a (non-empty) variable sets the key. */
    static Optional<List<Scalar>> optionalScalars(Section section, String key, String expected) {
        Optional<String> fromEnv = section.source().variable(ConfigSource.variableFor(section.child(key)));
        Node value = section.value(key);
        boolean unset = fromEnv.isPresent() ? fromEnv.get().isEmpty() : value == null || YamlNodes.isNull(value);
        return unset ? Optional.empty() : Optional.of(scalars(section, key, expected));
    }

    /** The file's items, then those variables add by index after them (no gaps). */
    static List<Section> sections(Section section, String key, String itemName, boolean required) {
        ConfigSource source = section.source();
        String keyPath = section.child(key);
        String variable = ConfigSource.variableFor(keyPath);
        Node value = section.value(key);
        List<Node> inFile = List.of();
        if (value != null && !YamlNodes.isNull(value)) {
            YamlNodes.checkTag(source, value, keyPath);
            if (!(value instanceof SequenceNode list)) {
                throw section.fail(key, "expected a list of " + itemName + "s, got " + YamlNodes.describe(value));
            }
            inFile = list.getValue();
        }
        SortedSet<Integer> inEnv = source.indexesUnder(variable);
        int count = Math.max(inFile.size(), inEnv.isEmpty() ? 0 : inEnv.last() + 1);
        if (count == 0 && !required) return List.of();
        if (count == 0) {
            throw value == null || YamlNodes.isNull(value) ? section.missing(key)
                    : section.fail(key, "needs at least one " + itemName);
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
}
