package dev.infraplatform.web.conversion;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** byte[] bodies read whole: with their length, without one, and cut short. */
class ExactLengthByteArrayConverterTest {

    private final ExactLengthByteArrayConverter converter = new ExactLengthByteArrayConverter();

    @Test
    void readsTheBodyWithOrWithoutAContentLength() throws IOException {
        byte[] body = new byte[100_000];
        Arrays.fill(body, (byte) 'x');
        body[99_999] = 'y';
        assertThat(converter.readInternal(byte[].class, message(body, body.length))).isEqualTo(body);
        assertThat(converter.readInternal(byte[].class, message(body, -1))).isEqualTo(body);
        assertThat(converter.readInternal(byte[].class, message(new byte[0], 0))).isEmpty();
    }

    @Test
    void aBodyShorterThanItsContentLengthIsWhatArrived() throws IOException {
        byte[] arrived = {1, 2, 3};
        assertThat(converter.readInternal(byte[].class, message(arrived, 10))).containsExactly(1, 2, 3);
    }

    private static HttpInputMessage message(byte[] body, long contentLength) {
        HttpHeaders headers = new HttpHeaders();
        if (contentLength >= 0) {
            headers.setContentLength(contentLength);
        }
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
