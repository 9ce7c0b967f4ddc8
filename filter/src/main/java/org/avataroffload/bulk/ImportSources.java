package org.avataroffload.bulk;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.avataroffload.route.KeyPattern;
import org.avataroffload.route.Route;

/** What an import loads: the rows of a manifest, or the files of a directory tree read through a key pattern. */
final class ImportSources {
    static final String FILE_COLUMN = "file";

    private ImportSources() {
    }

    /**
     * A manifest's rows. The header names the route's key placeholders and {@code file}, in any order; other columns
     * are ignored (a query may bring an id along). {@code file} is a path relative to the manifest, or an http(s) URL.
     *
     * @throws BulkSetupException when the file cannot be read, is not UTF-8 CSV, or lacks a needed column
     */
    static List<ImportItem> manifest(Path csv, Route route) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(csv))).toString();
        } catch (CharacterCodingException e) {
            throw new BulkSetupException("manifest " + csv + " is not UTF-8 text");
        } catch (IOException e) {
            throw new BulkSetupException("cannot read manifest " + csv + ": " + e.getMessage(), e);
        }
        List<Csv.Row> rows;
        try {
            rows = Csv.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BulkSetupException("manifest " + csv + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) throw new BulkSetupException("manifest " + csv + " is empty: it needs a header row");
        Map<String, Integer> columns = columns(csv, rows.get(0), route);
        Path base = csv.toAbsolutePath().getParent();
        List<ImportItem> items = new ArrayList<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            if (!row.isBlank()) items.add(item(csv.getFileName() + ":" + row.line(), row, columns, base));
        }
        return items;
    }

    private static Map<String, Integer> columns(Path csv, Csv.Row header, Route route) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip();
            if (columns.putIfAbsent(name, i) != null) {
                throw new BulkSetupException("manifest " + csv + ": the header names column " + name + " twice");
            }
        }
        Set<String> needed = new LinkedHashSet<>(route.keyPlaceholders());
        needed.add(FILE_COLUMN);
        needed.removeAll(columns.keySet());
        if (!needed.isEmpty()) {
            throw new BulkSetupException("manifest " + csv + ": the header row lacks " + String.join(", ", needed)
                    + " (route " + route.name() + " needs " + String.join(",", route.keyPlaceholders()) + "," + FILE_COLUMN
                    + "); it has " + String.join(",", header.fields()));
        }
        return columns;
    }

    private static ImportItem item(String label, Csv.Row row, Map<String, Integer> columns, Path base) {
        int expected = columns.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        if (row.fields().size() < expected) {
            return new ImportItem.Broken(label, "has " + row.fields().size() + " fields, the header " + expected);
        }
        Map<String, String> values = new HashMap<>();
        columns.forEach((name, index) -> {
            if (!name.equals(FILE_COLUMN)) values.put(name, row.fields().get(index).strip());
        });
        String file = row.fields().get(columns.get(FILE_COLUMN)).strip();
        if (file.isEmpty()) return new ImportItem.Broken(label, "the file column is empty");
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI url = new URI(file);
                if (url.getHost() == null) return new ImportItem.Broken(label, "no host in URL " + file);
                return new ImportItem.Master(label + " (" + file + ")", values, new ImportItem.Remote(url));
            } catch (URISyntaxException e) {
                return new ImportItem.Broken(label, "not a URL: " + e.getMessage());
            }
        }
        return new ImportItem.Master(label + " (" + file + ")", values, new ImportItem.LocalFile(base.resolve(file)));
    }

    /**
     * Every regular file under {@code dir}, in path order: a master where its relative path fits the pattern, else
     * an unmatched item, so the summary counts both.
     *
     * @throws BulkSetupException when the directory cannot be walked
     */
    static List<ImportItem> directory(Path dir, KeyPattern pattern) {
        if (!Files.isDirectory(dir)) throw new BulkSetupException("not a directory: " + dir);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BulkSetupException("cannot read directory " + dir + ": " + e.getMessage(), e);
        }
        List<ImportItem> items = new ArrayList<>(files.size());
        for (Path file : files) {
            String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            Optional<Map<String, String>> values = pattern.match(relative);
            items.add(values.isPresent()
                    ? new ImportItem.Master(relative, values.get(), new ImportItem.LocalFile(file))
                    : new ImportItem.Unmatched(relative, "does not match " + pattern));
        }
        return items;
    }
}
