package dev.infraplatform.web.conversion;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads {@code byte[]} request bodies into one array of their {@code Content-Length}. The default
 * converter's {@code InputStream.readNBytes(int)} gathers a large body in 16 KiB chunks and copies
 * them into the result, allocating it twice; bulk and produce bodies are large and frequent. A
 * body without a length is read as it comes. Registered ahead of the default converter.
 */
@Configuration(proxyBeanMethods = false)
class ExactLengthByteArrayConverter extends ByteArrayHttpMessageConverter implements WebMvcConfigurer {

    @Override
    public byte[] readInternal(Class<? extends byte[]> type, HttpInputMessage input) throws IOException {
        long length = input.getHeaders().getContentLength();
        InputStream in = input.getBody();
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            return in.readAllBytes();
        }
        byte[] body = new byte[(int) length];
        int read = in.readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read);
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.addCustomConverter(this);
    }
}
