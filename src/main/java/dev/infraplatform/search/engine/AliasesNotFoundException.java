package dev.infraplatform.search.engine;

import java.util.List;

/** Aliases that do not exist where a request names them: Elasticsearch's {@code aliases_not_found_exception} (404). */
public final class AliasesNotFoundException extends SearchException {

    private final List<String> aliases;

    public AliasesNotFoundException(List<String> aliases) {
        super("aliases [" + String.join(", ", aliases) + "] missing");
        this.aliases = List.copyOf(aliases);
        put("resource.type", "aliases");
        put("resource.id", aliases.size() == 1 ? aliases.getFirst() : aliases);
    }

    public List<String> aliases() {
        return aliases;
    }

    @Override
    public String type() {
        return "aliases_not_found_exception";
    }
}
