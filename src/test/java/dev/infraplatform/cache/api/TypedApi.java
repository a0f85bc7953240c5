package dev.infraplatform.cache.api;

import dev.infraplatform.HttpTestClient;

/** Raw commands next to the typed cache endpoints in their tests: set up and check through POST /commands. */
final class TypedApi {

    private final HttpTestClient http;

    TypedApi(HttpTestClient http) {
        this.http = http;
    }

    String command(String json) {
        return http.postJson("/api/v1/cache/commands", json).body();
    }
}
