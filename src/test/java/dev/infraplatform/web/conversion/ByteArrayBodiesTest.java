package dev.infraplatform.web.conversion;

import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The running application reads byte[] bodies with the exact-length converter, not the default one. */
class ByteArrayBodiesTest extends RunningPlatformTest {

    @Autowired
    RequestMappingHandlerAdapter adapter;

    @Test
    void theFirstByteArrayConverterIsTheExactLengthOne() {
        List<HttpMessageConverter<?>> converters = adapter.getMessageConverters();
        HttpMessageConverter<?> first = converters.stream()
                .filter(converter -> converter instanceof ByteArrayHttpMessageConverter).findFirst().orElseThrow();
        assertThat(first).isInstanceOf(ExactLengthByteArrayConverter.class);
    }
}
