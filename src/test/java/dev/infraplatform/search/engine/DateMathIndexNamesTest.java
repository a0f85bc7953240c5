package dev.infraplatform.search.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Elasticsearch's date math index names, against a fixed clock (the examples of its documentation). */
class DateMathIndexNamesTest {

    /** 2024-03-22T00:30:00Z: still the 21st at -12:00, and the 22nd in UTC. */
    private static final LongSupplier NOW = () -> Instant.parse("2024-03-22T00:30:00Z").toEpochMilli();

    private static String resolve(String expression) {
        return DateMathIndexNames.resolve(expression, NOW);
    }

    @Test
    void placeholdersArePrintedInTheDefaultOrGivenFormatAndZone() {
        assertThat(resolve("<logstash-{now/d}>")).isEqualTo("logstash-2024.03.22");
        assertThat(resolve("<logstash-{now/M}>")).isEqualTo("logstash-2024.03.01");
        assertThat(resolve("<logstash-{now/M{yyyy.MM}}>")).isEqualTo("logstash-2024.03");
        assertThat(resolve("<logstash-{now/M-1M{yyyy.MM}}>")).isEqualTo("logstash-2024.02");
        assertThat(resolve("<logstash-{now/d{yyyy.MM.dd|-12:00}}>")).isEqualTo("logstash-2024.03.21");
        assertThat(resolve("<logs-{now/d{basic_date}}-x>")).isEqualTo("logs-20240322-x");
        assertThat(resolve("<{now/y{yyyy}}-{now/M{MM}}>")).isEqualTo("2024-03");
    }

    @Test
    void escapedBracesAndBackslashesAreLiteral() {
        assertThat(resolve("<elastic\\{ON\\}-{now/M}>")).isEqualTo("elastic{ON}-2024.03.01");
        assertThat(resolve("<a\\\\b-{now/d}>")).isEqualTo("a\\b-2024.03.22");
    }

    @Test
    void namesThatAreNoExpressionStayAsTheyAre() {
        assertThat(resolve("logs-{now/d}")).isEqualTo("logs-{now/d}");
        assertThat(resolve("<logs")).isEqualTo("<logs");
        assertThat(resolve("<plain>")).isEqualTo("plain");
        assertThat(DateMathIndexNames.isExpression("<x>")).isTrue();
        assertThat(DateMathIndexNames.isExpression("<")).isFalse();
    }

    @Test
    void malformedExpressionsAreParseErrorsWithElasticsearchsReasons() {
        assertThatThrownBy(() -> resolve("<.mar}vel-{now/d}>")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("invalid dynamic name expression [.mar}vel-{now/d}]")
                .hasMessageContaining("invalid character at position [5]");
        assertThatThrownBy(() -> resolve("<logs-{now/d>")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("date math placeholder is open ended");
        assertThatThrownBy(() -> resolve("<logs-{now/d{}}>")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("missing date format");
        assertThatThrownBy(() -> resolve("<logs-{now/d{yyyy}x}>")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("missing closing `}` for date math format");
        assertThatThrownBy(() -> resolve("<logs-{now/d{yyyy{MM}}}>")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("invalid character in placeholder at position [17]");
        assertThatThrownBy(() -> resolve("<logs-{now/d{yyyy|Mars/Olympus}}>")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("invalid dynamic name expression");
        assertThatThrownBy(() -> resolve("<logs-{now/q}>")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("unit [q] not supported for date math");
        assertThatThrownBy(() -> resolve("<>")).isInstanceOf(ParsingException.class)
                .hasMessage("nothing captured");
    }
}
