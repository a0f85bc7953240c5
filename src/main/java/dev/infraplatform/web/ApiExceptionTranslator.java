package dev.infraplatform.web;

import java.util.Optional;

/**
 * Turns a module's own exceptions (an engine speaking its system's error vocabulary, such as
 * Kafka's {@code org.apache.kafka.common.errors}) into the {@link ApiException} the client sees as
 * problem+json. Modules contribute translators as beans; an exception no translator claims is
 * answered as an unexpected 500.
 */
public interface ApiExceptionTranslator {

    /** The problem for {@code exception}, or empty if this translator does not know it. */
    Optional<ApiException> translate(Throwable exception);
}
