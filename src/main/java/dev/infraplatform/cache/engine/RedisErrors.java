package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

/** Redis' error replies, word for word, so that clients matching on them behave the same. */
final class RedisErrors {

    static final Reply WRONG_TYPE = Reply.error("WRONGTYPE Operation against a key holding the wrong kind of value");
    static final Reply SYNTAX = Reply.error("ERR syntax error");
    static final Reply NOT_INTEGER = Reply.error("ERR value is not an integer or out of range");
    static final Reply NOT_FLOAT = Reply.error("ERR value is not a valid float");
    static final Reply OVERFLOW = Reply.error("ERR increment or decrement would overflow");
    static final Reply NAN_OR_INFINITY = Reply.error("ERR increment would produce NaN or Infinity");
    static final Reply NO_SUCH_KEY = Reply.error("ERR no such key");
    static final Reply OFFSET_OUT_OF_RANGE = Reply.error("ERR offset is out of range");
    static final Reply STRING_TOO_LONG = Reply.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");

    private RedisErrors() {
    }

    static Reply wrongArity(String command) {
        return Reply.error("ERR wrong number of arguments for '" + command + "' command");
    }

    static Reply invalidExpireTime(String command) {
        return Reply.error("ERR invalid expire time in '" + command + "' command");
    }
}
