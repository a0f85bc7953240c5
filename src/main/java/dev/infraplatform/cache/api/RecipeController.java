package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.recipe.DistributedLock;
import dev.infraplatform.cache.recipe.RateLimiter;
import dev.infraplatform.cache.recipe.RecipeException;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The lock and rate-limit recipes over REST; the logic is in {@code cache.recipe}. */
@RestController
@RequestMapping(path = "/api/v1/cache", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class RecipeController {

    static final String LOCK_HELD = "LOCK_HELD";
    static final String LOCK_NOT_HELD = "LOCK_NOT_HELD";
    static final String NOT_LOCK_OWNER = "NOT_LOCK_OWNER";

    private final DistributedLock locks;
    private final RateLimiter rateLimiter;

    RecipeController(CacheEngine engine) {
        this.locks = new DistributedLock(engine);
        this.rateLimiter = new RateLimiter(engine);
    }

    /** Body of lock calls: who holds it and for how long. */
    record LockRequest(String owner, Long ttlMs) {
    }

    /** Body of a rate-limit check. */
    record RateLimitRequest(Long limit, Long windowMs, String algorithm) {
    }

    @PostMapping(path = "/locks/{name}", consumes = "application/json")
    @Operation(summary = "Acquire a lock (SET lock:{name} owner NX PX ttlMs)",
            description = "200 `{\"name\", \"owner\", \"acquired\": true, \"ttlMs\"}` when acquired. When anyone holds it "
                    + "already (the same owner included: locks are not reentrant, use PUT to extend) 409 with code "
                    + "`LOCK_HELD` and `retryAfterMs`, the holder's remaining time. The lock is the string key "
                    + "`lock:{name}` holding the owner.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"owner\": \"worker-7f3a\", \"ttlMs\": 30000}"))))
    @ApiResponse(responseCode = "409", description = "`LOCK_HELD`, or `WRONGTYPE` if the key holds another type")
    @ApiResponse(responseCode = "400", description = "no owner or a ttlMs below 1 (`INVALID_ARGUMENT`)")
    Map<String, Object> acquire(@PathVariable String name, @RequestBody LockRequest request) {
        String owner = owner(request == null ? null : request.owner());
        long ttl = positive("ttlMs", request.ttlMs());
        DistributedLock.Outcome outcome = run(() -> locks.acquire(name, owner, ttl));
        if (!outcome.done()) {
            throw new ApiException(HttpStatus.CONFLICT, LOCK_HELD, "lock '" + name + "' is held",
                    Map.of("retryAfterMs", outcome.ttlMs()));
        }
        return CacheCalls.fields("name", name, "owner", owner, "acquired", true, "ttlMs", outcome.ttlMs());
    }

    @PutMapping(path = "/locks/{name}", consumes = "application/json")
    @Operation(summary = "Extend a lock held by the owner (PEXPIRE, only by its owner)",
            description = "200 `{\"name\", \"owner\", \"renewed\": true, \"ttlMs\"}`; 404 `LOCK_NOT_HELD` when nobody "
                    + "holds it (it expired); 409 `NOT_LOCK_OWNER` when someone else does.")
    @ApiResponse(responseCode = "404", description = "`LOCK_NOT_HELD`")
    @ApiResponse(responseCode = "409", description = "`NOT_LOCK_OWNER`")
    Map<String, Object> renew(@PathVariable String name, @RequestBody LockRequest request) {
        String owner = owner(request == null ? null : request.owner());
        long ttl = positive("ttlMs", request.ttlMs());
        DistributedLock.Outcome outcome = run(() -> locks.renew(name, owner, ttl));
        refuseUnlessDone(name, outcome);
        return CacheCalls.fields("name", name, "owner", owner, "renewed", true, "ttlMs", outcome.ttlMs());
    }

    @DeleteMapping("/locks/{name}")
    @Operation(summary = "Release a lock (only by its owner: an atomic compare-and-delete)",
            description = "204 when released; 404 `LOCK_NOT_HELD` when nobody holds it; 409 `NOT_LOCK_OWNER` when "
                    + "someone else does (it is left alone).")
    @ApiResponse(responseCode = "204", description = "released")
    @ApiResponse(responseCode = "404", description = "`LOCK_NOT_HELD`")
    @ApiResponse(responseCode = "409", description = "`NOT_LOCK_OWNER`")
    ResponseEntity<Void> release(@PathVariable String name,
                                 @Parameter(description = "the owner given when acquiring", required = true)
                                 @RequestParam(required = false) String owner) {
        String checked = owner(owner);
        refuseUnlessDone(name, run(() -> locks.release(name, checked)));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/rate-limits/{key}", consumes = "application/json")
    @Operation(summary = "Count a request against a rate limit",
            description = "Answers 200 `{\"allowed\", \"remaining\", \"retryAfterMs\", \"limit\"}` whether or not the request "
                    + "is allowed (the caller decides what a denial means). `fixed` (default): a counter per window "
                    + "starting with its first request (INCR + PEXPIRE NX on `ratelimit:{key}`). `sliding`: the last "
                    + "`windowMs` of allowed requests, kept as a sorted set of timestamps at `ratelimit:{key}`; "
                    + "denied requests are not counted.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"limit\": 100, \"windowMs\": 60000, \"algorithm\": \"sliding\"}"))))
    @ApiResponse(responseCode = "400", description = "limit or windowMs below 1, unknown algorithm (`INVALID_ARGUMENT`)")
    @ApiResponse(responseCode = "409", description = "`WRONGTYPE`: the key holds another type")
    Map<String, Object> rateLimit(@PathVariable String key, @RequestBody RateLimitRequest request) {
        if (request == null) {
            throw invalid("body: {limit, windowMs, algorithm}");
        }
        long limit = positive("limit", request.limit());
        long window = positive("windowMs", request.windowMs());
        RateLimiter.Algorithm algorithm = algorithm(request.algorithm());
        RateLimiter.Decision decision = run(() -> rateLimiter.check(key, limit, window, algorithm));
        return CacheCalls.fields("allowed", decision.allowed(), "remaining", decision.remaining(),
                "retryAfterMs", decision.retryAfterMs(), "limit", limit);
    }

    private static void refuseUnlessDone(String name, DistributedLock.Outcome outcome) {
        if (outcome.done()) {
            return;
        }
        if (!outcome.held()) {
            throw new ApiException(HttpStatus.NOT_FOUND, LOCK_NOT_HELD, "lock '" + name + "' is not held");
        }
        throw new ApiException(HttpStatus.CONFLICT, NOT_LOCK_OWNER, "lock '" + name + "' is held by another owner");
    }

    private static <T> T run(Supplier<T> recipe) {
        try {
            return recipe.get();
        } catch (RecipeException e) {
            throw ReplyEncoding.asException(e.error());
        }
    }

    private static RateLimiter.Algorithm algorithm(String name) {
        if (name == null) {
            return RateLimiter.Algorithm.FIXED;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fixed" -> RateLimiter.Algorithm.FIXED;
            case "sliding" -> RateLimiter.Algorithm.SLIDING;
            default -> throw invalid("algorithm: fixed or sliding, not '" + name + "'");
        };
    }

    private static String owner(String owner) {
        if (owner == null || owner.isBlank()) {
            throw invalid("owner: required, a token only the lock's holder knows");
        }
        return owner;
    }

    private static long positive(String field, Long value) {
        if (value == null || value < 1) {
            throw invalid(field + ": a whole number of at least 1");
        }
        return value;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, detail);
    }
}
