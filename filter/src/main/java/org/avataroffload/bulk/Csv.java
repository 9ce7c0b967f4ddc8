package org.avataroffload.bulk;

import java.util.ArrayList;
import java.util.List;

/**
 * A CSV reader after RFC 4180: fields separated by commas, records by CRLF or LF; a field in double quotes may hold
 * commas, line breaks and doubled quotes ({@code ""}). Lenient where it costs nothing: a last record without a line
 * break, a UTF-8 byte order mark, LF alone. Strict where guessing would import the wrong thing: a quote inside an
 * unquoted field, text after a closing quote, or a quote left open is an error naming the line.
 */
final class Csv {
    /** One record and the line it starts on (1-based), for messages. */
    record Row(int line, List<String> fields) {
        boolean isBlank() {
            return fields.size() == 1 && fields.get(0).isEmpty();
        }
    }

    private final String text;
    private int pos;
    private int line = 1;

    private Csv(String text) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** @throws IllegalArgumentException naming the line of a malformed record */
    static List<Row> parse(String text) {
        return new Csv(text).rows();
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        while (pos < text.length()) rows.add(row());
        return rows;
    }

    private Row row() {
        int startLine = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(pos < text.length() && text.charAt(pos) == '"' ? quoted(startLine) : plain(startLine));
            if (pos >= text.length()) break;
            char c = text.charAt(pos);
            if (c == ',') {
                pos++;
                continue;
            }
            endOfRecord(c, startLine);
            break;
        }
        return new Row(startLine, List.copyOf(fields));
    }

    private String plain(int startLine) {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',' || c == '\n' || c == '\r') break;
            if (c == '"') throw malformed(startLine, "a quote inside an unquoted field (quote the whole field)");
            pos++;
        }
        return text.substring(start, pos);
    }

    private String quoted(int startLine) {
        StringBuilder field = new StringBuilder();
        pos++; // the opening quote
        while (true) {
            if (pos >= text.length()) throw malformed(startLine, "a quoted field is never closed");
            char c = text.charAt(pos++);
            if (c == '"') {
                if (pos < text.length() && text.charAt(pos) == '"') {
                    field.append('"');
                    pos++;
                    continue;
                }
                if (pos < text.length() && ",\r\n".indexOf(text.charAt(pos)) < 0) {
                    throw malformed(startLine, "text after a closing quote");
                }
                return field.toString();
            }
            if (c == '\n') line++;
            field.append(c);
        }
    }

    private void endOfRecord(char c, int startLine) {
        if (c == '\r') {
            pos++;
            if (pos < text.length() && text.charAt(pos) == '\n') pos++;
        } else if (c == '\n') {
            pos++;
        } else {
            throw malformed(startLine, "unexpected character " + c);
        }
        line++;
    }

    private static IllegalArgumentException malformed(int line, String what) {
        return new IllegalArgumentException("line " + line + ": " + what);
    }
}
