package dev.infraplatform.cache.config;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code infra.cache.persistence.*} is validated before the cache starts. */
class CachePropertiesTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    private boolean valid(String save, int generations, int percentage) {
        return validator.validate(new CacheProperties.Persistence(true, CacheProperties.AofFsync.EVERYSEC, save,
                generations, percentage, DataSize.ofMegabytes(64))).isEmpty();
    }

    @Test
    void saveRulesArePairsOfPositiveIntegersOrEmpty() {
        assertThat(valid("3600 1 300 100 60 10000", 2, 100)).isTrue();
        assertThat(valid(" 900 1 ", 2, 100)).isTrue();
        assertThat(valid("", 2, 100)).isTrue();
        assertThat(valid("60", 2, 100)).isFalse();
        assertThat(valid("1 23 4", 2, 100)).isFalse();
        assertThat(valid("60 0", 2, 100)).isFalse();
        assertThat(valid("60 -1", 2, 100)).isFalse();
        assertThat(valid("sixty 1", 2, 100)).isFalse();
    }

    @Test
    void generationsAndRewritePercentageAreBounded() {
        assertThat(valid("", 0, 100)).isFalse();
        assertThat(valid("", 1, 0)).isTrue();
        assertThat(valid("", 1, -1)).isFalse();
    }
}
