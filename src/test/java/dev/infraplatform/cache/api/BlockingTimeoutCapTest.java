package dev.infraplatform.cache.api;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.web.WebProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Over HTTP, BLPOP/BRPOP never wait longer than infra.web.max-wait. */
class BlockingTimeoutCapTest {

    private final AtomicReference<List<byte[]>> seen = new AtomicReference<>();
    private final CommandController controller = new CommandController(command -> {
        seen.set(command);
        return Reply.NIL_ARRAY;
    }, new WebProperties(DataSize.ofMegabytes(10), Duration.ofMillis(1500)));

    private String timeoutSentFor(String... command) {
        controller.command(List.of(command), null);
        return new String(seen.get().getLast(), StandardCharsets.UTF_8);
    }

    @Test
    void foreverAndLongTimeoutsAreLoweredToTheCap() {
        assertThat(timeoutSentFor("BLPOP", "q", "0")).isEqualTo("1.5");
        assertThat(timeoutSentFor("brpop", "q", "other", "3600")).isEqualTo("1.5");
    }

    @Test
    void streamReadsBlockAtMostTheCap() {
        controller.command(List.of("XREAD", "BLOCK", "0", "STREAMS", "s", "$"), null);
        assertThat(new String(seen.get().get(2), StandardCharsets.UTF_8)).isEqualTo("1500");
        controller.command(List.of("XREADGROUP", "GROUP", "g", "c", "BLOCK", "100", "STREAMS", "s", ">"), null);
        assertThat(new String(seen.get().get(5), StandardCharsets.UTF_8)).isEqualTo("100");
    }

    @Test
    void shortTimeoutsAndOtherCommandsAreLeftAlone() {
        assertThat(timeoutSentFor("BLPOP", "q", "0.5")).isEqualTo("0.5");
        assertThat(timeoutSentFor("BLPOP", "q", "-1")).isEqualTo("-1");
        assertThat(timeoutSentFor("LPUSH", "q", "0")).isEqualTo("0");
    }
}
