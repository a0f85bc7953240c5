/**
 * Web: what every module's REST controllers share — RFC 9457 problem+json errors with a stable
 * {@code code}, request size limits, long-poll wait caps and the OpenAPI / Swagger UI setup.
 * Depends on {@code storage} only to map its failures (a full disk → 507).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package dev.infraplatform.web;
