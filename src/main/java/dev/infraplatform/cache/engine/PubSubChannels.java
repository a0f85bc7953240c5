package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.MessageListener;
import dev.infraplatform.cache.PubSubMessage;
import dev.infraplatform.cache.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscription registry of pub/sub (Redis' pubsub.c): subscribers by channel and by glob
 * pattern. PUBLISH hands a message to every subscriber of the channel and of every matching
 * pattern without waiting for any of them: each {@link PubSubSubscriber} has its own bounded
 * buffer and delivery thread, and is disconnected when its buffer overflows.
 *
 * <p>Cost: PUBLISH is O(subscribers of the channel + number of patterns); registry memory is one
 * set entry per (subscriber, channel or pattern). Nothing here is written to the AOF.
 */
final class PubSubChannels {

    /** Redis' default {@code client-output-buffer-limit pubsub} hard limit is 32mb; 8mb is its soft limit. */
    static final long DEFAULT_BUFFER_LIMIT_BYTES = 8L * 1024 * 1024;
    static final long IDLE_PROBE_MILLIS = 15_000;

    private final Map<Key, Set<PubSubSubscriber>> channels = new ConcurrentHashMap<>();
    private final Map<Key, Set<PubSubSubscriber>> patterns = new ConcurrentHashMap<>();
    private volatile long bufferLimitBytes = DEFAULT_BUFFER_LIMIT_BYTES;

    /** How many bytes of messages may wait for one subscriber before it is disconnected. */
    void bufferLimit(long bytes) {
        this.bufferLimitBytes = bytes;
    }

    Subscription subscribe(List<byte[]> channelNames, List<byte[]> patternTexts, MessageListener listener) {
        List<Key> channelKeys = channelNames.stream().map(Key::new).distinct().toList();
        List<Key> patternKeys = patternTexts.stream().map(Key::new).distinct().toList();
        PubSubSubscriber subscriber = new PubSubSubscriber(listener, bufferLimitBytes, IDLE_PROBE_MILLIS,
                s -> remove(s, channelKeys, patternKeys));
        channelKeys.forEach(channel -> add(channels, channel, subscriber));
        patternKeys.forEach(pattern -> add(patterns, pattern, subscriber));
        subscriber.start();
        return subscriber;
    }

    /** PUBLISH: the number of subscribers the message was handed to (channel plus pattern matches). */
    long publish(byte[] channel, byte[] message) {
        long receivers = 0;
        Set<PubSubSubscriber> direct = channels.get(new Key(channel));
        if (direct != null) {
            for (PubSubSubscriber subscriber : direct) {
                subscriber.offer(new PubSubMessage(channel, null, message));
                receivers++;
            }
        }
        for (Map.Entry<Key, Set<PubSubSubscriber>> entry : patterns.entrySet()) {
            byte[] pattern = entry.getKey().bytes();
            if (Glob.matches(pattern, channel)) {
                for (PubSubSubscriber subscriber : entry.getValue()) {
                    subscriber.offer(new PubSubMessage(channel, pattern, message));
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /** PUBSUB CHANNELS [pattern]: channels with at least one subscriber. */
    List<byte[]> activeChannels(byte[] pattern) {
        List<byte[]> names = new ArrayList<>();
        for (Key channel : channels.keySet()) {
            if (pattern == null || Glob.matches(pattern, channel.bytes())) {
                names.add(channel.bytes());
            }
        }
        return names;
    }

    /** PUBSUB NUMSUB: subscribers of one channel (pattern subscribers not counted, as in Redis). */
    long subscriberCount(byte[] channel) {
        Set<PubSubSubscriber> subscribers = channels.get(new Key(channel));
        return subscribers == null ? 0 : subscribers.size();
    }

    /** PUBSUB NUMPAT: distinct patterns subscribed to. */
    long patternCount() {
        return patterns.size();
    }

    private static void add(Map<Key, Set<PubSubSubscriber>> registry, Key name, PubSubSubscriber subscriber) {
        registry.compute(name, (k, set) -> {
            Set<PubSubSubscriber> subscribers = set != null ? set : ConcurrentHashMap.newKeySet();
            subscribers.add(subscriber);
            return subscribers;
        });
    }

    private void remove(PubSubSubscriber subscriber, List<Key> channelKeys, List<Key> patternKeys) {
        channelKeys.forEach(channel -> remove(channels, channel, subscriber));
        patternKeys.forEach(pattern -> remove(patterns, pattern, subscriber));
    }

    private static void remove(Map<Key, Set<PubSubSubscriber>> registry, Key name, PubSubSubscriber subscriber) {
        registry.computeIfPresent(name, (k, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }
}
