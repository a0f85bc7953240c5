package dev.infraplatform.logbroker.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;

/** Writes {@link RecordsBody} answers (fetch, poll) as JSON with their own writer; registered ahead of Jackson. */
@Configuration(proxyBeanMethods = false)
class RecordsBodyConverter extends AbstractHttpMessageConverter<RecordsBody> implements WebMvcConfigurer {

    RecordsBodyConverter() {
        super(MediaType.APPLICATION_JSON);
    }

    @Override
    protected boolean supports(Class<?> type) {
        return RecordsBody.class.isAssignableFrom(type);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected RecordsBody readInternal(Class<? extends RecordsBody> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("fetch and poll answers are not read", input);
    }

    @Override
    protected void writeInternal(RecordsBody body, HttpOutputMessage output) throws IOException {
        body.writeTo(output.getBody());
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.addCustomConverter(this);
    }
}
