package org.avataroffload.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTest {
    private static List<List<String>> fields(String text) {
        return Csv.parse(text).stream().map(Csv.Row::fields).toList();
    }

    @Test
    void plainFields_crlfAndLfRecords_andNoBreakAtTheEnd() {
        assertThat(fields("a,b,c\r\n1,2,3\n4,5,6")).containsExactly(
                List.of("a", "b", "c"), List.of("1", "2", "3"), List.of("4", "5", "6"));
    }

    @Test
    void quotedFields_holdCommasLineBreaksAndDoubledQuotes() {
        List<Csv.Row> rows = Csv.parse("name,file\r\n\"Smith, J.\",\"a \"\"b\"\"\r\nc.png\"\r\nlast,x\r\n");

        assertThat(rows).extracting(Csv.Row::fields).containsExactly(
                List.of("name", "file"), List.of("Smith, J.", "a \"b\"\r\nc.png"), List.of("last", "x"));
        assertThat(rows).extracting(Csv.Row::line).containsExactly(1, 2, 4);
    }

    @Test
    void emptyFields_andAnEmptyQuotedField() {
        assertThat(fields(",\"\",\n")).containsExactly(List.of("", "", ""));
    }

    @Test
    void aByteOrderMark_isNotPartOfTheFirstColumnName() {
        assertThat(fields("\uFEFFusername,file\n")).containsExactly(List.of("username", "file"));
    }

    @Test
    void aBlankLine_isOneEmptyField() {
        assertThat(Csv.parse("a\n\nb\n")).extracting(Csv.Row::isBlank).containsExactly(false, true, false);
    }

    @Test
    void malformedRecords_areErrorsNamingTheLine() {
        assertThatThrownBy(() -> Csv.parse("a,b\nx,\"open\n")).hasMessageContaining("line 2").hasMessageContaining("never closed");
        assertThatThrownBy(() -> Csv.parse("a,b\n\"q\"x,1\n")).hasMessageContaining("line 2").hasMessageContaining("after a closing quote");
        assertThatThrownBy(() -> Csv.parse("a,b\nx\"y,1\n")).hasMessageContaining("line 2").hasMessageContaining("unquoted");
    }
}
