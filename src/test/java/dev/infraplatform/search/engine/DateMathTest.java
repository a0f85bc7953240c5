package dev.infraplatform.search.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Date math in range bounds, rounded as Elasticsearch rounds gt/gte/lt/lte, against a fixed clock. */
class DateMathTest {

    /** Friday 2024-03-15T10:30:00Z. */
    private static final LongSupplier NOW = () -> Instant.parse("2024-03-15T10:30:00Z").toEpochMilli();
    private static final DateFormat DEFAULT = DateFormat.of(null);

    private static String down(String value) {
        return Instant.ofEpochMilli(DateMath.parse(value, DEFAULT, ZoneOffset.UTC, NOW, false)).toString();
    }

    private static String up(String value) {
        return Instant.ofEpochMilli(DateMath.parse(value, DEFAULT, ZoneOffset.UTC, NOW, true)).toString();
    }

    @Test
    void nowWithOperationsAndRoundings() {
        assertThat(down("now")).isEqualTo("2024-03-15T10:30:00Z");
        assertThat(down("now-1d")).isEqualTo("2024-03-14T10:30:00Z");
        assertThat(down("now+2h")).isEqualTo("2024-03-15T12:30:00Z");
        assertThat(down("now-1M")).isEqualTo("2024-02-15T10:30:00Z");
        assertThat(down("now-d")).isEqualTo("2024-03-14T10:30:00Z");
        assertThat(down("now/d")).isEqualTo("2024-03-15T00:00:00Z");
        assertThat(up("now/d")).isEqualTo("2024-03-15T23:59:59.999Z");
        assertThat(down("now-1d/d")).isEqualTo("2024-03-14T00:00:00Z");
        assertThat(down("now/w")).isEqualTo("2024-03-11T00:00:00Z");
        assertThat(up("now/M")).isEqualTo("2024-03-31T23:59:59.999Z");
        assertThat(down("now/y")).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(down("now/H")).isEqualTo("2024-03-15T10:00:00Z");
    }

    @Test
    void anchoredDatesWithMath() {
        assertThat(down("2024-01-01||+1M/d")).isEqualTo("2024-02-01T00:00:00Z");
        assertThat(up("2024-01-01||+1M/d")).isEqualTo("2024-02-01T23:59:59.999Z");
        assertThat(down("2024-01-31T12:00:00Z||-1d")).isEqualTo("2024-01-30T12:00:00Z");
    }

    @Test
    void roundingUpFillsTheFieldsADateLeavesOut() {
        assertThat(up("2024-01-01")).isEqualTo("2024-01-01T23:59:59.999Z");
        assertThat(down("2024-01-01")).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(up("2024-01-01T10")).isEqualTo("2024-01-01T10:59:59.999Z");
        assertThat(up("2024-01-01T10:15:30")).isEqualTo("2024-01-01T10:15:30.999Z");
        assertThat(up("2024-01-01T10:15:30.250Z")).isEqualTo("2024-01-01T10:15:30.250Z");
        assertThat(Instant.ofEpochMilli(DateMath.parse("2024-03", DateFormat.of("yyyy-MM"), ZoneOffset.UTC, NOW, true)))
                .hasToString("2024-03-31T23:59:59.999Z");
    }

    @Test
    void timeZoneAppliesToDatesWithoutOffsetAndToRounding() {
        ZoneId plusOne = ZoneId.of("+01:00");
        assertThat(Instant.ofEpochMilli(DateMath.parse("2024-01-01", DEFAULT, plusOne, NOW, false)))
                .hasToString("2023-12-31T23:00:00Z");
        assertThat(Instant.ofEpochMilli(DateMath.parse("2024-01-01T00:00:00Z", DEFAULT, plusOne, NOW, false)))
                .hasToString("2024-01-01T00:00:00Z");
        assertThat(Instant.ofEpochMilli(DateMath.parse("now/d", DEFAULT, plusOne, NOW, false)))
                .hasToString("2024-03-14T23:00:00Z");
    }

    @Test
    void customFormats() {
        assertThat(Instant.ofEpochMilli(DateMath.parse("15/03/2024", DateFormat.of("dd/MM/yyyy"), ZoneOffset.UTC, NOW,
                false))).hasToString("2024-03-15T00:00:00Z");
        assertThat(DateMath.parse(1_700_000_000_000L, DEFAULT, ZoneOffset.UTC, NOW, true)).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void malformedMathIsAParseException() {
        assertThatThrownBy(() -> down("now+1x")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("unit [x] not supported for date math [now+1x]");
        assertThatThrownBy(() -> down("now+")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("truncated date math");
        assertThatThrownBy(() -> down("now/2d")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("rounding `/` can only be used on single unit types");
        assertThatThrownBy(() -> down("now*1d")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("operator not supported");
        assertThatThrownBy(() -> down("yesterday")).isInstanceOf(ParsingException.class)
                .hasMessageContaining("failed to parse date field [yesterday]");
    }
}
