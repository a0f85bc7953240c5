package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Snapshots and AOF rewrites over REST: the BGSAVE and BGREWRITEAOF commands, answered 202 when
 * the job started (or was scheduled behind the one running) and 409 when the same job is already
 * running.
 */
@RestController
@RequestMapping(path = "/api/v1/cache", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class PersistenceController {

    private final CacheEngine engine;

    PersistenceController(CacheEngine engine) {
        this.engine = engine;
    }

    @PostMapping("/snapshots")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Take a snapshot in the background (BGSAVE)",
            description = "The snapshot holds the keyspace at the instant of the request; commands keep being "
                    + "served while it is written. 409 (code CONFLICT) while a snapshot or an AOF rewrite runs; "
                    + "`LASTSAVE` / `INFO persistence` tell when it is done.")
    Map<String, Object> snapshot() {
        return run("BGSAVE");
    }

    @PostMapping("/aof/rewrite")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Rewrite the AOF in the background (BGREWRITEAOF)",
            description = "Writes the keyspace at the instant of the request as the AOF's new base and drops the AOF "
                    + "records before it; commands keep being served. Scheduled behind a running snapshot; 409 (code "
                    + "CONFLICT) while a rewrite runs.")
    Map<String, Object> rewriteAof() {
        return run("BGREWRITEAOF");
    }

    private Map<String, Object> run(String command) {
        Reply reply = engine.execute(List.of(command.getBytes(StandardCharsets.US_ASCII)));
        if (reply instanceof Reply.Error error) {
            String message = error.message();
            if (message.contains("already in progress") || message.contains("Another child process is active")) {
                throw new ApiException(HttpStatus.CONFLICT, ErrorCodes.CONFLICT, message);
            }
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.UNAVAILABLE, message);
        }
        return Map.of("result", ((Reply.SimpleString) reply).value());
    }
}
