package dev.infraplatform.web.server;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An encoded slash ({@code %2F}) inside a path segment is passed through instead of refused with
 * a 400 (Tomcat's default): Elasticsearch's date math index names travel that way
 * ({@code /%3Clogs-%7Bnow%2Fd%7D%3E/_search}), and so do cache keys that contain a {@code /}. Routing
 * matches the segments of the path as sent and decodes a segment only when it is read as a path
 * variable, so an encoded slash never splits a path into more segments.
 */
@Configuration(proxyBeanMethods = false)
class EncodedSlashes {

    @Bean
    TomcatConnectorCustomizer encodedSlashesPassThrough() {
        return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }
}
