package org.avataroffload.bulk;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** One thing an import found: a file or manifest row to load, or one it can tell at once it will not. */
sealed interface ImportItem {
    String label();

    /** Where a master's bytes come from. */
    sealed interface Source {
    }

    record LocalFile(Path path) implements Source {
    }

    record Remote(URI url) implements Source {
    }

    /** A master to load: the key placeholders' values as text, and where its bytes are. */
    record Master(String label, Map<String, String> values, Source source) implements ImportItem {
        public Master {
            values = Map.copyOf(values);
        }
    }

    /** A file whose path does not fit the key pattern: counted and skipped, not a failure. */
    record Unmatched(String label, String reason) implements ImportItem {
    }

    /** A manifest row that cannot name a master (wrong number of fields, no file): a failure. */
    record Broken(String label, String reason) implements ImportItem {
    }
}
