package dev.infraplatform.search.engine;

/** An alias name Elasticsearch refuses: {@code invalid_alias_name_exception} (400). */
public final class InvalidAliasNameException extends SearchException {

    public InvalidAliasNameException(String alias, String why) {
        super("Invalid alias name [" + alias + "]" + why);
    }

    @Override
    public String type() {
        return "invalid_alias_name_exception";
    }
}
