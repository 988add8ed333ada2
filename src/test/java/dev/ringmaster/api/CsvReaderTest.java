package dev.ringmaster.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReaderTest {

    @Test
    void quotesEscapesEmbeddedLineBreaksAndBlankLines() {
        List<CsvReader.Row> rows = CsvReader.read("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\n\"two\nlines\",,z");

        assertThat(rows).extracting(CsvReader.Row::fields).containsExactly(
                List.of("a", "b", "c"),
                List.of("x, y", "say \"hi\"", ""),
                List.of("two\nlines", "", "z"));
        assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1, 2, 4);
    }

    @Test
    void anUnclosedQuoteIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> CsvReader.read("a\n\"open"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2: a quoted field is not closed");
    }
}
