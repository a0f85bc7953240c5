package dev.infraplatform.exchangebroker.api;

import dev.infraplatform.exchangebroker.engine.AmqpException;
import dev.infraplatform.exchangebroker.engine.Delivery;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.BinaryEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Push consumers (AMQP basic.consume) as Server-Sent Events: one virtual thread per stream takes
 * the consumer's deliveries within its prefetch window as they arrive (a waiting get, woken by the
 * publish) and sends each as a {@code delivery} event; the client settles them with ack / nack /
 * reject as for pulled deliveries. A stream ends when the client goes, the consumer is closed, or
 * the platform stops; the consumer itself stays open until closed (or silent past its ack timeout).
 */
@Component
class ConsumerStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerStreams.class);
    /** How long one wait for deliveries lasts; an idle comment follows, which also notices a gone client. */
    private static final Duration POLL = Duration.ofSeconds(15);
    private static final int BATCH = 100;

    private final ExchangeBroker broker;
    private final Set<Thread> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    ConsumerStreams(ExchangeBroker broker) {
        this.broker = broker;
    }

    SseEmitter open(String tag, BinaryEncoding encoding) {
        SseEmitter emitter = new SseEmitter(0L);
        Thread stream = Thread.ofVirtual().name("exchangebroker-stream-" + tag).unstarted(() -> pump(tag, encoding, emitter));
        streams.add(stream);
        emitter.onCompletion(stream::interrupt);
        emitter.onError(error -> stream.interrupt());
        stream.start();
        if (!running) {
            stream.interrupt();
        }
        return emitter;
    }

    private void pump(String tag, BinaryEncoding encoding, SseEmitter emitter) {
        try {
            emitter.send(SseEmitter.event().name("consume").data(Map.of("consumerTag", tag), MediaType.APPLICATION_JSON));
            while (running && !Thread.currentThread().isInterrupted()) {
                List<Delivery> deliveries = broker.get(tag, BATCH, POLL);
                if (deliveries.isEmpty()) {
                    emitter.send(SseEmitter.event().comment("idle"));
                }
                for (int i = 0; i < deliveries.size(); i++) {
                    Delivery delivery = deliveries.get(i);
                    try {
                        emitter.send(SseEmitter.event().name("delivery")
                                .data(MessageJson.delivery(delivery, encoding), MediaType.APPLICATION_JSON));
                    } catch (ApiException | IOException | IllegalStateException notSent) {
                        for (Delivery unsent : deliveries.subList(i, deliveries.size())) {
                            broker.nack(tag, unsent.deliveryTag(), false, true); // the client never saw them
                        }
                        if (notSent instanceof ApiException refused) {
                            emitter.send(SseEmitter.event().name("error").data(Map.of("code", refused.code(),
                                    "detail", refused.getMessage()), MediaType.APPLICATION_JSON));
                        }
                        throw notSent;
                    }
                }
            }
        } catch (AmqpException closed) {
            sendClosed(emitter, "the consumer was closed");
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (ApiException | IOException | IllegalStateException gone) {
            log.debug("Stream of consumer {} ended: {}", tag, gone.getMessage());
        } finally {
            streams.remove(Thread.currentThread());
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // completed by the container already
            }
        }
    }

    private static void sendClosed(SseEmitter emitter, String reason) {
        try {
            emitter.send(SseEmitter.event().name("closed").data(Map.of("reason", reason), MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone already
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every open stream before the web server's graceful shutdown waits for requests. */
    @Override
    public void stop() {
        running = false;
        streams.forEach(Thread::interrupt);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
