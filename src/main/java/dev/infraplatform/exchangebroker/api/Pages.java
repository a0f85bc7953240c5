package dev.infraplatform.exchangebroker.api;

import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import org.springframework.http.HttpStatus;

/** The list endpoints' page size: 1 to 1000, as the other modules' lists. */
final class Pages {

    private Pages() {
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "limit must be 1 to 1000");
        }
    }
}
