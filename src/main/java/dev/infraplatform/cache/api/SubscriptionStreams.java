package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.MessageListener;
import dev.infraplatform.cache.PubSubMessage;
import dev.infraplatform.cache.Subscription;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open SUBSCRIBE streams (Server-Sent Events): each is an engine subscription whose listener
 * writes SSE events, ended when the client goes, the subscriber falls behind, or the platform
 * stops. Stopping ends every stream first (a lifecycle phase before the web server's graceful
 * shutdown), so open subscriptions never hold up a shutdown.
 */
@Component
class SubscriptionStreams implements SmartLifecycle {

    private final CacheEngine engine;
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    SubscriptionStreams(CacheEngine engine) {
        this.engine = engine;
    }

    /** Subscribes and answers the SSE stream that carries the subscription's events. */
    SseEmitter open(List<String> channels, List<String> patterns, ReplyEncoding encoding) {
        SseEmitter emitter = new SseEmitter(0L); // no timeout: the stream lasts as long as the client stays
        // the subscribe event goes out first; the client can't see it before this method has returned,
        // by when the subscription is in place
        Map<String, Object> subscribed = new LinkedHashMap<>();
        subscribed.put("channels", channels);
        subscribed.put("patterns", patterns);
        try {
            emitter.send(SseEmitter.event().name("subscribe").data(subscribed, MediaType.APPLICATION_JSON));
        } catch (java.io.IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        Subscription subscription = engine.subscribe(utf8(channels), utf8(patterns), new MessageListener() {
            @Override
            public void onMessage(PubSubMessage message) throws Exception {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("channel", new String(message.channel(), StandardCharsets.UTF_8));
                if (message.pattern() != null) {
                    data.put("pattern", new String(message.pattern(), StandardCharsets.UTF_8));
                }
                data.put("message", text(message.message(), encoding, data));
                emitter.send(SseEmitter.event().name("message").data(data, MediaType.APPLICATION_JSON));
            }

            @Override
            public void onIdle() throws Exception {
                emitter.send(SseEmitter.event().comment("idle"));
            }

            @Override
            public void onClosed(String reason) {
                if (!"unsubscribed".equals(reason)) {
                    try {
                        emitter.send(SseEmitter.event().name("closed").data(Map.of("reason", String.valueOf(reason)),
                                MediaType.APPLICATION_JSON));
                    } catch (Exception ignored) {
                        // the client is gone already
                    }
                }
                try {
                    emitter.complete();
                } catch (Exception ignored) {
                    // already completed by the container
                }
            }
        });
        open.add(subscription);
        emitter.onCompletion(() -> closed(subscription));
        emitter.onTimeout(() -> closed(subscription));
        emitter.onError(error -> closed(subscription));
        if (!running) {
            closed(subscription); // shutting down: lost the race with stop()
        }
        return emitter;
    }

    /** The message as text; a message that is not UTF-8 goes base64 with {@code "encoding": "base64"}. */
    private static String text(byte[] message, ReplyEncoding encoding, Map<String, Object> data) {
        if (encoding == ReplyEncoding.UTF8) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(message)).toString();
            } catch (java.nio.charset.CharacterCodingException notText) {
                // falls through to base64
            }
        }
        data.put("encoding", "base64");
        return java.util.Base64.getEncoder().encodeToString(message);
    }


    private void closed(Subscription subscription) {
        open.remove(subscription);
        subscription.close();
    }

    private static List<byte[]> utf8(List<String> names) {
        List<byte[]> bytes = new ArrayList<>(names.size());
        names.forEach(name -> bytes.add(name.getBytes(StandardCharsets.UTF_8)));
        return bytes;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every open stream: each subscription closes, its listener completes the SSE response. */
    @Override
    public void stop() {
        running = false;
        for (Subscription subscription : List.copyOf(open)) {
            closed(subscription);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
