package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * CONFIG GET / SET for the parameters the engine can change at run time, as Redis' config.c
 * does: {@code maxmemory} (bytes, or with a unit: {@code 100mb}, {@code 1gb}, {@code 64k}) and
 * {@code maxmemory-policy}. A new parameter is one {@link #PARAMETERS} entry.
 */
final class ConfigCommands {

    /** A parameter: how to read it, and how to set it (null on success, else why the value is wrong). */
    private record Parameter(Function<ServerStatus, String> get, BiFunction<ServerStatus, String, String> set) {
    }

    private static final Map<String, Parameter> PARAMETERS = new LinkedHashMap<>();

    static {
        PARAMETERS.put("maxmemory", new Parameter(s -> Long.toString(s.evictor.maxMemory()), (s, value) -> {
            Long bytes = memoryValue(value);
            if (bytes == null) {
                return "argument must be a memory value";
            }
            s.evictor.setMaxMemory(bytes);
            return null;
        }));
        PARAMETERS.put("maxmemory-policy", new Parameter(s -> s.evictor.policy().redisName(), (s, value) -> {
            EvictionPolicy policy = EvictionPolicy.fromRedisName(value);
            if (policy == null) {
                return "argument(s) must be one of the following: " + String.join(", ",
                        java.util.Arrays.stream(EvictionPolicy.values()).map(EvictionPolicy::redisName).toList());
            }
            s.evictor.setPolicy(policy);
            return null;
        }));
    }

    private ConfigCommands() {
    }

    static void register(CommandTable table) {
        table.unlocked("config", -2, ConfigCommands::config);
    }

    private static Reply config(CommandContext context, byte[][] args) {
        String subcommand = Arguments.text(args[1]);
        return switch (subcommand.toLowerCase(Locale.ROOT)) {
            case "get" -> args.length < 3 ? RedisErrors.wrongArity("config|get") : get(context, args);
            case "set" -> args.length < 4 || args.length % 2 != 0 ? RedisErrors.wrongArity("config|set") : set(context, args);
            default -> Reply.error("ERR unknown subcommand '" + subcommand + "'. Try CONFIG HELP.");
        };
    }

    /** CONFIG GET pattern [pattern …]: name, value pairs of the matching parameters. */
    private static Reply get(CommandContext context, byte[][] args) {
        List<Reply> pairs = new ArrayList<>();
        for (Map.Entry<String, Parameter> parameter : PARAMETERS.entrySet()) {
            byte[] name = parameter.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 2; i < args.length; i++) {
                if (Glob.matches(Arguments.text(args[i]).toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8), name)) {
                    pairs.add(Reply.bulk(parameter.getKey()));
                    pairs.add(Reply.bulk(parameter.getValue().get().apply(context.server())));
                    break;
                }
            }
        }
        return Reply.array(pairs);
    }

    /** CONFIG SET name value [name value …]: all names are checked before anything is set. */
    private static Reply set(CommandContext context, byte[][] args) {
        for (int i = 2; i < args.length; i += 2) {
            String name = Arguments.text(args[i]);
            if (!PARAMETERS.containsKey(name.toLowerCase(Locale.ROOT))) {
                return Reply.error("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
            }
        }
        for (int i = 2; i < args.length; i += 2) {
            String name = Arguments.text(args[i]).toLowerCase(Locale.ROOT);
            String problem = PARAMETERS.get(name).set().apply(context.server(), Arguments.text(args[i + 1]));
            if (problem != null) {
                return Reply.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + problem);
            }
        }
        return Reply.OK;
    }

    /** Redis' {@code memtoull}: digits with an optional unit k, kb, m, mb, g, gb (case-insensitive); null if invalid. */
    static Long memoryValue(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < lower.length() && Character.isDigit(lower.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            return null;
        }
        long multiplier = switch (lower.substring(digits)) {
            case "", "b" -> 1L;
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1L;
        };
        if (multiplier < 0) {
            return null;
        }
        try {
            return Math.multiplyExact(Long.parseLong(lower.substring(0, digits)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
