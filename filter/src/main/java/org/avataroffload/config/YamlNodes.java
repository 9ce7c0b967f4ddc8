package org.avataroffload.config;

import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** What a node of the file is, in the words of an error message; only the tags plain YAML resolves to pass. */
final class YamlNodes {
    /** The tags plain YAML resolves to; any other (!!binary, !!set, !foo, ...) is refused. */
    static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP,
            Tag.MAP, Tag.SEQ);

    private YamlNodes() {
    }

    static Scalar scalarOf(ConfigSource source, Node node, String nodePath, String expected) {
        checkTag(source, node, nodePath);
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            throw Section.fail(source.at(node), nodePath, "expected " + expected + ", got " + describe(node));
        }
        return new Scalar(nodePath, scalar.getValue(), source.at(node));
    }

    static void checkTag(ConfigSource source, Node node, String nodePath) {
        if (!PLAIN_TAGS.contains(node.getTag())) {
            throw Section.fail(source.at(node), nodePath, "YAML tag " + shortTag(node.getTag()) + " is not allowed");
        }
    }

    static boolean isNull(Node node) {
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

    static String plural(String expected) {
        return expected.replaceFirst("^an? ", "") + "s";
    }
}
