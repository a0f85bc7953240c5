package dev.infraplatform.logbroker.api;

import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.ProducerIdentity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Idempotent producers: Kafka's InitProducerId. */
@RestController
@RequestMapping("/api/v1/producers")
@Tag(name = "Log broker: producers", description = "Idempotent producer ids and epochs")
class ProducerController {

    private final LogBroker broker;

    ProducerController(LogBroker broker) {
        this.broker = broker;
    }

    @Schema(example = "{\"producerId\": 1000, \"producerEpoch\": 0}")
    record InitRequest(@Schema(description = "an id issued before, to bump its epoch") Long producerId,
                       @Schema(description = "that id's current epoch") Short producerEpoch) {
    }

    @PostMapping
    @Operation(summary = "Start an idempotent producer (InitProducerId)",
            description = "Without a body: a new producer id at epoch 0. With the `producerId` and current "
                    + "`producerEpoch` of a producer: the same id at the next epoch, which fences the old one (its "
                    + "produces get `INVALID_PRODUCER_EPOCH`). Send each batch with `producerId`, `producerEpoch` and "
                    + "`baseSequence` (0 for the first batch to a partition, then the previous batch's base plus its "
                    + "record count); a retry of a batch answers its original offsets and appends nothing.",
            responses = {@ApiResponse(responseCode = "201", description = "`{\"producerId\": 1000, \"producerEpoch\": 0}`"),
                    @ApiResponse(responseCode = "409", description = "unknown id (`UNKNOWN_PRODUCER_ID`) or not its "
                            + "current epoch (`INVALID_PRODUCER_EPOCH`)")})
    ResponseEntity<ProducerIdentity> init(@RequestBody(required = false) InitRequest request) {
        ProducerIdentity identity = request == null ? broker.initProducer(null, null)
                : broker.initProducer(request.producerId(), request.producerEpoch());
        return ResponseEntity.status(HttpStatus.CREATED).body(identity);
    }
}
