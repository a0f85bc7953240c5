package dev.infraplatform.cache.recipe;

import dev.infraplatform.cache.Reply;

/** A recipe's command got a Redis error (the key holds another type: WRONGTYPE). */
public final class RecipeException extends RuntimeException {

    private final transient Reply.Error error;

    RecipeException(Reply.Error error) {
        super(error.message());
        this.error = error;
    }

    public Reply.Error error() {
        return error;
    }
}
