package org.avataroffload.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Where values come from while one file is loaded: the file (named as given, with line numbers) and the
 * {@code OFFLOAD_} variables of the environment, each of which must be used by some key.
 */
final class ConfigSource {
    static final String PREFIX = "OFFLOAD_";
    /** Names the config file itself; not an override. */
    static final String CONFIG_VARIABLE = "OFFLOAD_CONFIG";

    private static final Pattern CREDENTIAL = Pattern.compile("SECRET|ACCESS_?KEY|CREDENTIAL|PASSWORD|TOKEN");

    private final String file;
    private final Map<String, String> variables = new TreeMap<>();
    private final Set<String> used = new HashSet<>();
    /** Variable names that would name a section (e.g. OFFLOAD_STORE), with the section's key path. */
    private final Map<String, String> sections = new HashMap<>();

    ConfigSource(Path file, Map<String, String> env) {
        this.file = file.toString();
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && !name.equals(CONFIG_VARIABLE)) variables.put(name, value);
        });
    }

    /** The variable that overrides a key path: {@code store.s3.pathStyle} → {@code OFFLOAD_STORE_S3_PATHSTYLE}. */
    static String variableFor(String path) {
        return PREFIX + path.replace("]", "").replace('[', '_').replace('.', '_').toUpperCase(Locale.ROOT);
    }

    String file() {
        return file;
    }

    /** The variable's value, if it is set; it counts as used from now on. */
    Optional<String> variable(String name) {
        String value = variables.get(name);
        if (value == null) return Optional.empty();
        used.add(name);
        return Optional.of(value);
    }

    boolean isUsed(String name) {
        return used.contains(name);
    }

    boolean hasVariablesUnder(String name) {
        String prefix = name + "_";
        return variables.keySet().stream().anyMatch(v -> v.startsWith(prefix));
    }

    /**
     * The list indexes named by variables under a list: 0 and 1 for OFFLOAD_ROUTES_0_NAME and OFFLOAD_ROUTES_1_KEY.
     * At most three digits, so a variable cannot make the loader build a million empty items.
     */
    SortedSet<Integer> indexesUnder(String name) {
        Pattern item = Pattern.compile(Pattern.quote(name) + "_(0|[1-9][0-9]{0,2})_.*");
        SortedSet<Integer> indexes = new TreeSet<>();
        for (String variable : variables.keySet()) {
            Matcher m = item.matcher(variable);
            if (m.matches()) indexes.add(Integer.parseInt(m.group(1)));
        }
        return indexes;
    }

    void noteSection(String variable, String path) {
        sections.put(variable, path);
    }

    /** {@code conf/x.yml:7} for a node of the file; the file alone when there is no node. */
    String at(Node node) {
        Mark mark = node == null ? null : node.getStartMark();
        return mark == null ? file : file + ":" + (mark.getLine() + 1);
    }

    static String atVariable(String name) {
        return "env " + name;
    }

    /** Every OFFLOAD_ variable must have named a key: a typo must not pass silently. */
    void requireAllVariablesUsed() {
        for (String name : variables.keySet()) {
            if (used.contains(name)) continue;
            String section = sections.get(name);
            if (section != null) {
                throw new ConfigException(atVariable(name) + ": " + section
                        + " is a section; a variable sets one value, e.g. " + name + "_<KEY>");
            }
            if (name.startsWith(PREFIX + "STORE_S3_") && CREDENTIAL.matcher(name).find()) {
                throw new ConfigException(atVariable(name) + ": names no key; S3 credentials are never part of this"
                        + " config: they come from the AWS default chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                        + " a profile, an instance role)");
            }
            throw new ConfigException(atVariable(name) + ": names no key (a variable is " + PREFIX
                    + " and the key path in capitals, e.g. OFFLOAD_SERVER_PORT for server.port, OFFLOAD_ROUTES_0_SIZES"
                    + " for routes[0].sizes; " + CONFIG_VARIABLE + " names the file)");
        }
    }
}
